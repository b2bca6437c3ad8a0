/**
 * Lesson 2's "play before run": sliders for the forget set's two eigenvalues,
 * the tilt of its strong direction out of the retain plane, and τ; k, the
 * energy share and DA redraw on every input event (plain SVG, no Plotly, so a
 * drag costs well under a frame).
 */
import { useId, useState } from 'react';
import { playground, PLAYGROUND_START, RETAIN_SHARES, type PlaygroundInput } from './daPlayground';

const W = 300;
const BAR = 22;

function Slider(props: { name: keyof PlaygroundInput; label: string; min: number; max: number; step: number; value: number; show: string; onChange: (v: number) => void }) {
  const id = useId();
  return (
    <div className="playground-slider">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="range" name={props.name} min={props.min} max={props.max} step={props.step} value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))} />
      <output htmlFor={id}>{props.show}</output>
    </div>
  );
}

/** One bar per forget direction: its eigenvalue as the length, the part inside U_r filled. */
function DirectionBars({ mu, inside }: { mu: [number, number]; inside: [number, number] }) {
  const max = Math.max(mu[0], mu[1], 1e-9);
  return (
    <svg width={W} height={2 * BAR + 30} role="img" aria-label="Forget directions: length is the eigenvalue, the filled part lies inside the retain eigenspace">
      {mu.map((m, j) => {
        const len = (m / max) * (W - 40);
        return (
          <g key={j} transform={`translate(30, ${8 + j * (BAR + 6)})`}>
            <text x={-26} y={BAR / 2 + 5} fontSize={13}>w{j === 0 ? '₁' : '₂'}</text>
            <rect width={len} height={BAR} fill="#fde8dc" stroke="#d55e00" />
            <rect width={len * inside[j]} height={BAR} fill="#0072b2" />
          </g>
        );
      })}
      <text x={30} y={2 * BAR + 28} fontSize={12} fill="currentColor">blue: inside the retain eigenspace · orange: outside</text>
    </svg>
  );
}

export function DaPlayground() {
  const [p, setP] = useState<PlaygroundInput>(PLAYGROUND_START);
  const out = playground(p);
  const set = (k: keyof PlaygroundInput) => (v: number) => setP((x) => ({ ...x, [k]: v }));
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  return (
    <figure className="da-playground" data-testid="da-playground">
      <figcaption>
        <strong>Play first.</strong> Three feature directions; the retain features put {RETAIN_SHARES.map((s) => `${s * 100} %`).join(' / ')} of
        their energy on e₁ / e₂ / e₃. The forget set has a direction w₁ (eigenvalue μ₁) tilted by θ out of the e₁e₂ plane towards e₃, and w₂ = e₂ (eigenvalue μ₂).
      </figcaption>
      <Slider name="mu1" label="μ₁" min={0} max={1} step={0.01} value={p.mu1} show={p.mu1.toFixed(2)} onChange={set('mu1')} />
      <Slider name="mu2" label="μ₂" min={0} max={1} step={0.01} value={p.mu2} show={p.mu2.toFixed(2)} onChange={set('mu2')} />
      <Slider name="thetaDeg" label="θ" min={0} max={90} step={1} value={p.thetaDeg} show={`${p.thetaDeg}°`} onChange={set('thetaDeg')} />
      <Slider name="tau" label="τ" min={0.5} max={0.99} step={0.01} value={p.tau} show={p.tau.toFixed(2)} onChange={set('tau')} />
      <DirectionBars mu={[p.mu1, p.mu2]} inside={out.inside} />
      <dl className="playground-readout" data-testid="da-playground-readout">
        <div><dt>k</dt><dd data-testid="playground-k">{out.k}{out.clamped ? ' (clamped: k = 3 would hold every direction, DA ≡ 1)' : ''}</dd></div>
        <div><dt>energy inside U_r</dt><dd data-testid="playground-energy">{pct(out.energyShare)}</dd></div>
        <div><dt>DA</dt><dd data-testid="playground-da">{out.DA.toFixed(3)}</dd></div>
      </dl>
    </figure>
  );
}

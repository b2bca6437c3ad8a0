/** Step 6: the feature space and the curves: every plot not pinned beside the controls (plotViews.tsx). */
import { PlotViews } from './plotViews';
import { Section } from './ui';

export function PlotsPanel() {
  return (
    <Section step={6} id="plots" title="Feature space and curves" intro="How each method changed what the model computes — not only what it outputs. Pin a plot to keep it in view beside the controls.">
      <div className="plots"><PlotViews pinned={false} /></div>
    </Section>
  );
}

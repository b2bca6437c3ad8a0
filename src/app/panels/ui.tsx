/** Small shared pieces: a numbered section, labelled fields, a help hint. */
import { useId, type ReactNode } from 'react';

export function Section(props: { step?: number; id: string; title: string; intro?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel" id={props.id} aria-labelledby={`${props.id}-h`}>
      <header className="panel-head">
        <h2 id={`${props.id}-h`}>
          {props.step !== undefined && <span className="step" aria-hidden="true">{props.step}</span>}
          {props.title}
        </h2>
        {props.actions && <div className="panel-actions">{props.actions}</div>}
      </header>
      {props.intro && <p className="intro">{props.intro}</p>}
      {props.children}
    </section>
  );
}

export function TextField(props: {
  label: string; value: string; onChange: (v: string) => void; help?: string; error?: string | null;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'url'; placeholder?: string; width?: string; name?: string;
}) {
  const id = useId();
  const errId = `${id}-err`;
  return (
    <div className="field" style={props.width ? { width: props.width } : undefined}>
      <label htmlFor={id} title={props.help}>{props.label}</label>
      <input
        id={id} name={props.name} type={props.inputMode === 'url' ? 'url' : 'text'} inputMode={props.inputMode === 'url' ? 'url' : props.inputMode}
        value={props.value} placeholder={props.placeholder} title={props.help}
        aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? errId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && <span id={errId} className="field-error">{props.error}</span>}
    </div>
  );
}

export function SelectField<T extends string>(props: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (v: T) => void; help?: string; name?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} title={props.help}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} title={props.help} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

export function Checkbox(props: { label: ReactNode; checked: boolean; onChange: (v: boolean) => void; help?: string; name?: string }) {
  return (
    <label className="checkbox" title={props.help}>
      <input type="checkbox" name={props.name} checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <span>{props.label}</span>
    </label>
  );
}

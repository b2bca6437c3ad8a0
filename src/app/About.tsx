/**
 * The header's About button and the dialog it opens: what the lab is, its
 * licence, the datasets and libraries it owes credit for, and where the
 * documentation lives. A native <dialog> opened with showModal(): the browser
 * traps focus inside it, closes it on Escape and gives focus back to the
 * button, so no key handling of our own can get that wrong.
 */
import { useRef } from 'react';
import { DATASET_CREDITS, DOCS_INDEX, LAB_LICENCE, PAPER, SOFTWARE_CREDITS } from './credits';
import './about.css';

export const ABOUT_TITLE_ID = 'about-title';

export function About() {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className="about-button" aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>
        About
      </button>
      <dialog ref={dialog} className="about" aria-labelledby={ABOUT_TITLE_ID}>
        <h2 id={ABOUT_TITLE_ID}>About Unlearning Lab</h2>
        <p>
          A browser lab to learn, see and compare machine unlearning, centred on MUDA and dimensional
          alignment: {PAPER}.
        </p>
        <h3>Licence</h3>
        <p>{LAB_LICENCE.name} licence. {LAB_LICENCE.copyright}. The full text is in the <code>{LAB_LICENCE.file}</code> file of the source.</p>
        <h3>Data</h3>
        <ul>
          {DATASET_CREDITS.map((d) => (
            <li key={d.name}>
              <strong>{d.name}</strong> by {d.creators}; the data is {d.dataLicence}.
              Packed from the npm package <code>{d.source.name}</code> by {d.source.author} ({d.source.licence}).
            </li>
          ))}
        </ul>
        <h3>Built with</h3>
        <ul>
          {SOFTWARE_CREDITS.map((s) => (
            <li key={s.name}>
              <code>{s.name}</code> ({s.licence}{s.author ? `, ${s.author}` : ''}): {s.role}
            </li>
          ))}
        </ul>
        <h3>Documentation</h3>
        <p>
          In the <code>docs/</code> folder of the source repository; <code>{DOCS_INDEX}</code> is the index
          (the method, every metric, the baselines, the file formats and the command line).
        </p>
        <div className="about-actions">
          <button type="button" onClick={() => dialog.current?.close()}>Close</button>
        </div>
      </dialog>
    </>
  );
}

/** The workbench's live views: the plots the person pinned, drawn while a method runs, above the comparison table. */
import { useLab } from '../context';
import { PlotViews } from './plotViews';

/** Shorter than the Plots section's charts, so that two of them and the table's first rows fit in a 900 px window. */
const PINNED_HEIGHT = 260;

export function PinnedViews() {
  const count = useLab((s) => s.pinnedViews.length);
  if (!count) return null;
  return (
    <section className="pinned-views" aria-label="Pinned plots" data-testid="pinned-views">
      <div className="plots pinned"><PlotViews pinned height={PINNED_HEIGHT} /></div>
    </section>
  );
}

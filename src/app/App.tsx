/** The lab's page: panels in the order a person works, a sticky status bar with Cancel, and a large-type switch. */
import { useEffect } from 'react';
import { useDispatch, useLab } from './context';
import { ComparePanel } from './panels/ComparePanel';
import { DataModelPanel } from './panels/DataModelPanel';
import { ForgetPanel } from './panels/ForgetPanel';
import { MethodsPanel } from './panels/MethodsPanel';
import { PinnedViews } from './panels/PinnedViews';
import { PlotsPanel } from './panels/PlotsPanel';
import { RunsPanel } from './panels/RunsPanel';
import { Notice, StatusBar } from './panels/StatusBar';
import { TrainPanel } from './panels/TrainPanel';
import { BackendBadge } from './panels/BackendBadge';
import { Lessons } from './lessons/Lessons';
import { About } from './About';
import { PINNED_VIEWS_KEY } from './store/pinnedViews';

/**
 * In-page links that scroll without touching the URL hash: the hash holds the
 * shareable config (#config=…), which a plain #data link would wipe.
 */
function JumpLink(props: { to: string; children: string; className?: string }) {
  return (
    <a
      href={`#${props.to}`}
      className={props.className}
      onClick={(e) => {
        e.preventDefault();
        const target = document.getElementById(props.to);
        if (!target) return;
        target.scrollIntoView({ behavior: 'smooth', block: 'start' });
        const heading = target.querySelector<HTMLElement>('h2');
        if (heading) {
          heading.tabIndex = -1;
          heading.focus({ preventScroll: true });
        }
      }}
    >
      {props.children}
    </a>
  );
}

export function App() {
  const largeType = useLab((s) => s.largeType);
  const dispatch = useDispatch();

  useEffect(() => {
    document.documentElement.classList.toggle('large-type', largeType);
    try {
      localStorage.setItem('unlearning-lab:large-type', largeType ? '1' : '0');
    } catch {
      // Storage may be disabled; the switch still works for this page.
    }
  }, [largeType]);

  const pinnedViews = useLab((s) => s.pinnedViews);
  useEffect(() => {
    try {
      localStorage.setItem(PINNED_VIEWS_KEY, JSON.stringify(pinnedViews));
    } catch {
      // Storage may be disabled; the pins hold for this page.
    }
  }, [pinnedViews]);

  return (
    <>
      <JumpLink className="skip-link" to="compare">Skip to the comparison</JumpLink>
      <header className="top">
        <h1>Unlearning Lab</h1>
        <nav aria-label="Steps">
          <ol className="steps">
            <li><JumpLink to="data">Data</JumpLink></li>
            <li><JumpLink to="train">Train</JumpLink></li>
            <li><JumpLink to="forget">Forget</JumpLink></li>
            <li><JumpLink to="methods">Unlearn</JumpLink></li>
            <li><JumpLink to="compare">Compare</JumpLink></li>
            <li><JumpLink to="plots">Plots</JumpLink></li>
            <li><JumpLink to="runs">Runs</JumpLink></li>
          </ol>
        </nav>
        <BackendBadge />
        <label className="checkbox large-type-toggle">
          <input type="checkbox" checked={largeType} onChange={(e) => dispatch({ type: 'ui:large-type', on: e.target.checked })} />
          <span>Large type</span>
        </label>
        <About />
      </header>
      <StatusBar />
      <Notice />
      {/* From 1280 px wide a workbench: the steps in a column, the views beside them in view while the steps scroll (styles.css). */}
      <main className="workbench">
        <div className="controls">
          <DataModelPanel />
          <TrainPanel />
          <ForgetPanel />
          <MethodsPanel />
        </div>
        <div className="views" data-testid="views">
          <PinnedViews />
          <ComparePanel />
          <PlotsPanel />
        </div>
        <div className="controls-after">
          <RunsPanel />
        </div>
      </main>
      <Lessons />
    </>
  );
}

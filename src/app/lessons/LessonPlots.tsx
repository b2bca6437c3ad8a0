/** A lesson's plots: the lab's chart component fed with the lesson's own models (live while it runs). */
import { useMemo, useState } from 'react';
import { isEmpty } from '../plots/figure';
import { PlotlyChart } from '../plots/PlotlyChart';
import type { LessonPlot, Measured } from './types';

function OnePlot(props: { plot: LessonPlot; measured: Measured; large: boolean }) {
  const { plot, measured, large } = props;
  const [dims, setDims] = useState<2 | 3>(2);
  const figure = useMemo(() => {
    const f = plot.figure(measured, { dims });
    // Large type on a projector: room for the bigger tick labels and axis titles.
    return large && !isEmpty(f) ? { ...f, layout: { ...f.layout, margin: { l: 90, r: 24, t: 64, b: 110 } } } : f;
  }, [plot, measured, dims, large]);
  return (
    <PlotlyChart id={plot.id} title={plot.title} description={plot.description} figure={figure} largeType={large} height={large ? 480 : undefined}>
      {plot.threeD && (
        <label className="inline-control">
          <input type="checkbox" checked={dims === 3} onChange={(e) => setDims(e.target.checked ? 3 : 2)} /> 3-D
        </label>
      )}
    </PlotlyChart>
  );
}

export function LessonPlots(props: { plots: LessonPlot[]; measured: Measured; large: boolean }) {
  return (
    <div className="lesson-plots">
      {props.plots.map((p) => <OnePlot key={p.id} plot={p} measured={props.measured} large={props.large} />)}
    </div>
  );
}

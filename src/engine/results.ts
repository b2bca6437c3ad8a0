/**
 * The Results contract (docs/contracts.md, docs/metrics.md): the one format the UI shows,
 * the CLI writes, exports save, imports validate and tests assert on. Every importer
 * comes through this one path, so the contract's parts in results/ can change
 * shape without touching the engine, the worker, the page and the CLI:
 * types.ts (the schema), numericMetrics.ts (each metric's unit and column order),
 * checks.ts (the defensive checks and RESULTS_LIMITS), parse.ts (parseResults),
 * write.ts (canonical JSON, CSV).
 */
export type {
  ClusterInfo, CurvePoint, DAInfo, Environment, FeatureSteps, LPInfo, Metrics, ModelResult, ModelViews, NumericMetric,
  RelearnInfo, Results, RunStatus, Spectrum,
} from './results/types';
export { NUMERIC_METRICS } from './results/numericMetrics';
export { RESULTS_LIMITS } from './results/checks';
export { parseResults } from './results/parse';
export { resultsToCsv, serializeResults } from './results/write';

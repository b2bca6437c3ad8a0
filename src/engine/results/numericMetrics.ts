import type { NumericMetric } from './types';

/** The unit of each numeric metric. Typed as a total record so a new metric cannot be forgotten here. */
export const METRIC_KIND: Record<NumericMetric, 'fraction' | 'points' | 'steps'> = {
  UA: 'fraction', RA: 'fraction', TA: 'fraction', forgetTestAcc: 'fraction', MIA: 'fraction',
  MIAthreshold: 'fraction', lossMIA: 'fraction', avgGap: 'points', ToW: 'fraction', DA: 'fraction', LP: 'fraction',
  NMI: 'fraction', F1: 'fraction', CKAvsRetrain: 'fraction', CKAvsOriginal: 'fraction',
  relearnSteps: 'steps', ASR: 'fraction',
};
/** Every numeric metric, in the order tables and CSV columns show them. */
export const NUMERIC_METRICS = Object.keys(METRIC_KIND) as NumericMetric[];

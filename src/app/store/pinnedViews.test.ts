import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../engine/config';
import { DEFAULT_PINNED, parsePinnedViews, withPinned } from './pinnedViews';
import { reduce } from './reducer';
import { initialState } from './state';

describe('pinned views', () => {
  it('a first visit pins the two live plots; what was stored is read back, unknown ids and bad text dropped', () => {
    expect(parsePinnedViews(null)).toEqual(['da', 'metric-curves']);
    expect(parsePinnedViews('["spectrum","da"]')).toEqual(['da', 'spectrum']);
    expect(parsePinnedViews('[]')).toEqual([]);
    expect(parsePinnedViews('["<img src=x onerror=alert(1)>","mia"]')).toEqual(['mia']);
    expect(parsePinnedViews('{"da":true}')).toEqual(DEFAULT_PINNED);
    expect(parsePinnedViews('not json')).toEqual(DEFAULT_PINNED);
  });

  it('pin and unpin keep the Plots section\'s order, once each', () => {
    expect(withPinned(['metric-curves'], 'da', true)).toEqual(['da', 'metric-curves']);
    expect(withPinned(['da', 'metric-curves'], 'da', true)).toEqual(['da', 'metric-curves']);
    expect(withPinned(['da', 'metric-curves'], 'da', false)).toEqual(['metric-curves']);
    const s = reduce(initialState(DEFAULT_CONFIG), { type: 'ui:pin-view', id: 'runs', pinned: true });
    expect(s.pinnedViews).toEqual(['da', 'metric-curves', 'runs']);
  });
});

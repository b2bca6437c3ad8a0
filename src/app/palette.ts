/**
 * Okabe–Ito: eight colours that stay distinct under the common colour-vision
 * deficiencies. Original and Retrain get fixed colours (they are the two
 * references every plot compares against); methods take the rest in a stable order.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

const METHOD_COLORS = [
  OKABE_ITO.vermillion, OKABE_ITO.bluishGreen, OKABE_ITO.orange, OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue, OKABE_ITO.yellow,
];

/** Known method ids in registry order, so a method keeps its colour across runs. */
const KNOWN = ['muda', 'ga', 'rl', 'ft', 'scrub', 'neggradplus', 'boundary-shrink', 'boundary-expand', 'l1-sparse', 'salun', 'bad-teacher', 'ssd'];

/** Dash patterns give a second, colour-free cue for lines (Retrain solid, Original dotted, methods dashed). */
const DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot'] as const;

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

function slot(modelId: string): number {
  const base = modelId.split('#')[0];
  const i = KNOWN.indexOf(base);
  return i >= 0 ? i : KNOWN.length + hash(base);
}

export function modelColor(modelId: string): string {
  if (modelId === 'original') return '#555555';
  if (modelId === 'retrain') return OKABE_ITO.blue;
  return METHOD_COLORS[slot(modelId) % METHOD_COLORS.length];
}

export function modelDash(modelId: string): (typeof DASHES)[number] {
  if (modelId === 'original') return 'dot';
  if (modelId === 'retrain') return 'solid';
  // Past six methods colours repeat; the dash pattern tells them apart.
  return DASHES[(Math.floor(slot(modelId) / METHOD_COLORS.length) + 1) % DASHES.length];
}

/** Class colours for scatters (up to 8 distinct, then repeats with a different symbol). */
export function classColor(c: number): string {
  const order = [OKABE_ITO.orange, OKABE_ITO.skyBlue, OKABE_ITO.bluishGreen, OKABE_ITO.yellow, OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, OKABE_ITO.black];
  return order[((c % order.length) + order.length) % order.length];
}

/** Diverging scale for "gap to Retrain" cells: 0 = white, large = vermillion. */
export function gapColor(gap: number, scale = 0.2): string {
  const t = Math.max(0, Math.min(1, Math.abs(gap) / scale));
  // Interpolate white → #D55E00 (vermillion), text stays dark enough for contrast up to t = 1.
  const r = Math.round(255 + (0xd5 - 255) * t * 0.75);
  const g = Math.round(255 + (0x5e - 255) * t * 0.75);
  const b = Math.round(255 + (0x00 - 255) * t * 0.75);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * What the lab owes credit for, as plain data: its own licence, the datasets
 * it embeds and the libraries it runs on. The About box renders it and
 * credits.test.ts holds every package entry to the licence and author fields
 * of the package actually installed, so the credits cannot drift from the
 * dependencies unnoticed.
 */

export const LAB_LICENCE = { name: 'MIT', copyright: 'Copyright (c) 2026 The Unlearning Lab authors', file: 'LICENSE' } as const;

/** An npm package as its package.json states it. */
export interface PackageCredit {
  name: string;
  /** The package.json `license` field. */
  licence: string;
  /** Who published it (package.json `author`); absent where the field is empty. */
  author?: string;
}

export interface DatasetCredit {
  name: string;
  creators: string;
  /** The licence the data itself is known under, as a phrase ("under the MIT licence"). */
  dataLicence: string;
  /** The npm package the lab packs it from at install time. */
  source: PackageCredit;
}

export const DATASET_CREDITS: DatasetCredit[] = [
  {
    name: 'MNIST',
    creators: 'Yann LeCun, Corinna Cortes and Christopher J.C. Burges',
    // The original MNIST page states no licence; redistributions commonly carry this one.
    dataLicence: 'commonly distributed under CC BY-SA 3.0',
    source: { name: 'mnist', licence: 'MIT', author: 'Juan Cazala' },
  },
  {
    name: 'Fashion-MNIST',
    creators: 'Han Xiao, Kashif Rasul and Roland Vollgraf, Zalando Research',
    dataLicence: 'under the MIT licence',
    source: { name: 'fashion-mnist', licence: 'MIT', author: 'Guilherme Zaluchi' },
  },
];

/** The libraries the running lab is built on (build and test tools are left out). */
export const SOFTWARE_CREDITS: (PackageCredit & { role: string })[] = [
  { name: '@tensorflow/tfjs', licence: 'Apache-2.0', role: 'tensors and gradients on every backend' },
  { name: 'react', licence: 'MIT', role: 'the page' },
  { name: 'plotly.js-cartesian-dist-min', licence: 'MIT', author: 'Plotly, Inc.', role: 'the charts' },
  { name: 'ml-matrix', licence: 'MIT', author: 'Michaël Zasso', role: 'exact eigendecompositions' },
  { name: 'comlink', licence: 'Apache-2.0', author: 'Surma', role: 'talking to the compute worker' },
];

/** The paper the lab is built around. */
export const PAPER = 'Seo, Kim, Han, “Revisiting Machine Unlearning with Dimensional Alignment”, WACV 2025 (arXiv 2407.17710)';

/** Where the documentation lives in the source repository (the built page does not serve it). */
export const DOCS_INDEX = 'docs/README.md';

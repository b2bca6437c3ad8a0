/**
 * Whether the engine runs in Node (CLI, tests, bench) rather than a browser
 * page or Web Worker. Node-only code (node:fs, Dawn) is reached only behind
 * this check, with dynamic imports the browser build stubs out.
 */
export const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined' && typeof self === 'undefined';

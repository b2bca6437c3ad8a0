/** File names of public/examples/*.json, listed at build time by vite.config.ts. */
declare module 'virtual:examples' {
  const names: string[];
  export default names;
}

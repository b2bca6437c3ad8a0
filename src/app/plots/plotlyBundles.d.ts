/** The partial Plotly bundles ship no types; their API is the full bundle's (plots/plotly.ts). */
declare module 'plotly.js-cartesian-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
declare module 'plotly.js-gl3d-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}

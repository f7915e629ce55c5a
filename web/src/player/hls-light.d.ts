// hls.js ships no types for its "light" build (the same API without subtitles, EME and
// alternate audio); it is the full build's API.
declare module "hls.js/light" {
  export * from "hls.js";
  export { default } from "hls.js";
}

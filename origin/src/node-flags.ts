/**
 * V8 flags the origin process runs with (the Dockerfile's CMD repeats them). Node 24 lets each
 * young-generation semi-space grow to tens of MB, so module loading alone left the idle origin
 * at ~290 MB RSS; capped at 8 MB it idles at ~150–160 MB (measured on this stack) for a few more
 * cheap scavenges. The flag cannot be set at run time, hence a command-line flag.
 */
export const ORIGIN_NODE_FLAGS = ["--max-semi-space-size=8"];

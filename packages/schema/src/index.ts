export * from "./cache-keys.ts";
export * from "./cache-versions.ts";
export * from "./wire/index.ts";

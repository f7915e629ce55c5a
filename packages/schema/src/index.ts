export * from "./cache-keys.ts";
export * from "./wire/index.ts";

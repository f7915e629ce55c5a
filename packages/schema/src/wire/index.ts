export * from "./auth.ts";
export * from "./channels.ts";
export * from "./common.ts";
export * from "./problem.ts";
export * from "./problem-error.ts";
export * from "./providers.ts";
export * from "./request-parsing.ts";

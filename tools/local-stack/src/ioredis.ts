// ioredis, loaded with require(): it is CommonJS, and under vite's SSR transform (the edge tests'
// global setup runs there) its named ESM imports come out undefined.
import { createRequire } from "node:module";

const ioredis = createRequire(import.meta.url)("ioredis") as typeof import("ioredis");

export const { Redis, ReplyError } = ioredis;
export type Redis = import("ioredis").Redis;

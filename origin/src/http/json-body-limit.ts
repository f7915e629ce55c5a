import { limitBody } from "@seeyoo/http";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../services.ts";

/**
 * The body limit of the JSON APIs (BODY_LIMIT_BYTES, 413 above). Ingest uploads are not under it:
 * they stream, with their own much larger limit (also on the decompressed bytes).
 */
export const jsonBodyLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  limitBody(c.var.services.config.bodyLimitBytes)(c, next);

import { Hono } from "hono";
import type { EdgeEnv } from "../../edge-env.ts";

/** GET /healthz — the Worker is up (no I/O: also the benchmark's trivial baseline route). */
export const healthRoutes = new Hono<EdgeEnv>().get("/healthz", (c) => c.json({ status: "ok" }));

/** /healthz (the process is up), /readyz (it can serve: database and schema), /metrics. */
import { Hono } from "hono";
import { appliedMigrationCount, expectedMigrationCount } from "../db/migrations.ts";
import type { AppEnv } from "../services.ts";

const expected = expectedMigrationCount();

export const opsRoutes = new Hono<AppEnv>()
  .get("/healthz", (c) => c.json({ status: "ok" }))
  .get("/readyz", async (c) => {
    const s = c.var.services;
    if (s.lifecycle.draining) return c.json({ status: "draining" }, 503);
    try {
      const applied = await appliedMigrationCount(s.db);
      if (applied < expected) {
        return c.json({ status: "migrations pending", applied, expected }, 503);
      }
      return c.json({ status: "ready" });
    } catch {
      return c.json({ status: "database unreachable" }, 503);
    }
  })
  .get("/metrics", async (c) => {
    const { registry } = c.var.services.metrics;
    c.header("content-type", registry.contentType);
    return c.body(await registry.metrics());
  });

/** /healthz (the process is up), /readyz (it can serve: database and schema), /metrics. */
import { describeRoute } from "@seeyoo/http";
import { Hono } from "hono";
import { appliedMigrationCount, expectedMigrationCount } from "../db/migrations.ts";
import type { AppEnv } from "../services.ts";

const expected = expectedMigrationCount();
const TAGS = ["Operations"];
const status = (description: string) => ({ description, content: { "application/json": {} } });

export const opsRoutes = new Hono<AppEnv>()
  .get(
    "/healthz",
    describeRoute({ tags: TAGS, summary: "The process is up", responses: { 200: status("Up") } }),
    (c) => c.json({ status: "ok" }),
  )
  .get(
    "/readyz",
    describeRoute({
      tags: TAGS,
      summary: "The process can serve: database reachable, migrations applied, not draining",
      responses: { 200: status("Ready"), 503: status("Not ready, with the reason in `status`") },
    }),
    async (c) => {
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
    },
  )
  .get(
    "/metrics",
    describeRoute({
      tags: TAGS,
      summary: "Prometheus metrics",
      responses: { 200: { description: "Prometheus text format", content: { "text/plain": {} } } },
    }),
    async (c) => {
      const { registry } = c.var.services.metrics;
      c.header("content-type", registry.contentType);
      return c.body(await registry.metrics());
    },
  );

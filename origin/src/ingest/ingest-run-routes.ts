/** /v1/admin/ingest-runs — recent ingest runs and their full reports (admin only, guarded in app.ts). */
import { IdParams, IngestRunsQuery, notFound } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { params, query } from "../http/validate.ts";
import type { AppEnv } from "../services.ts";
import { getRun, listRuns } from "./ingest-run-store.ts";

export const ingestRunRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { limit, providerId } = query(c, IngestRunsQuery);
    return c.json({
      runs: await listRuns(c.var.services.db, { limit, ...(providerId ? { providerId } : {}) }),
    });
  })
  .get("/:id", async (c) => {
    const { id } = params(c, IdParams);
    const run = await getRun(c.var.services.db, id);
    if (!run) throw notFound("Ingest run");
    return c.json(run);
  });

/**
 * /v1/ingest — providers post schedules here with their API key: XMLTV (`/xmltv`) or the JSON
 * format of @seeyoo/schema (`/json`), optionally gzip-compressed. The answer is the run's report.
 */
import { ProblemError } from "@seeyoo/schema/wire";
import { type Context, Hono } from "hono";
import { type IngestFormat, IngestService } from "./ingest-service.ts";
import { type IngestEnv, requireProvider } from "./provider-auth.ts";
import { requestBodyBytes } from "./request-body-stream.ts";

const MEDIA_TYPES: Record<IngestFormat, RegExp> = {
  xmltv: /^(application|text)\/xml\s*(;|$)/i,
  json: /^application\/json\s*(;|$)/i,
};

const MEDIA_TYPE_HINT: Record<IngestFormat, string> = {
  xmltv: "application/xml or text/xml",
  json: "application/json",
};

const ingest = (format: IngestFormat) => async (c: Context<IngestEnv>) => {
  if (!MEDIA_TYPES[format].test(c.req.header("content-type") ?? "")) {
    throw new ProblemError(415, "unsupportedMediaType", `Send the schedule as ${MEDIA_TYPE_HINT[format]}`);
  }
  const s = c.var.services;
  const body = requestBodyBytes(c.req.raw, s.config.ingestBodyLimitBytes);
  const service = new IngestService({
    pool: s.pool,
    languages: s.config.epgLanguages,
    metrics: s.metrics,
    logger: s.logger,
    cache: s.cache,
  });
  return c.json(await service.ingest(c.var.provider, format, body));
};

export const ingestRoutes = new Hono<IngestEnv>()
  .use(requireProvider)
  .post("/xmltv", ingest("xmltv"))
  .post("/json", ingest("json"));

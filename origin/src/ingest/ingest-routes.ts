/**
 * /v1/ingest — providers post schedules here with their API key: XMLTV (`/xmltv`) or the JSON
 * format of @seeyoo/schema (`/json`), optionally gzip-compressed. The body is read as a stream by
 * the ingest service (never buffered, so not by a validator); the answer is the run's report.
 */
import { describeRoute, problemResponse, resolver } from "@seeyoo/http";
import { IngestJsonDocument, IngestReport, ProblemError } from "@seeyoo/schema/wire";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { IngestProvider } from "../admin/provider-store.ts";
import type { AppEnv } from "../services.ts";
import { INGEST_EXAMPLES } from "./ingest-examples.ts";
import type { IngestFormat } from "./ingest-service.ts";
import { requestBodyBytes } from "./request-body-stream.ts";
import { requireProvider } from "./require-provider.ts";

const MEDIA_TYPES: Record<IngestFormat, RegExp> = {
  xmltv: /^(application|text)\/xml\s*(;|$)/i,
  json: /^application\/json\s*(;|$)/i,
};

const MEDIA_TYPE_HINT: Record<IngestFormat, string> = {
  xmltv: "application/xml or text/xml",
  json: "application/json",
};

type ProviderContext = Context<AppEnv & { Variables: { provider: IngestProvider } }>;

/**
 * A refused post (401, 409, 413, 415, a malformed body…) is answered before its upload has been
 * read to the end, and the rest of the upload is dropped with its connection: say so, so that
 * the client does not send its next request down a connection that is closing.
 */
const closeAfterRefusal: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status >= 400) c.res.headers.set("connection", "close");
};

const ingest = (format: IngestFormat) => async (c: ProviderContext) => {
  if (!MEDIA_TYPES[format].test(c.req.header("content-type") ?? "")) {
    throw new ProblemError(415, "unsupportedMediaType", `Send the schedule as ${MEDIA_TYPE_HINT[format]}`);
  }
  const s = c.var.services;
  const body = requestBodyBytes(c.req.raw, s.config.ingestBodyLimitBytes);
  return c.json(await s.ingest.ingest(c.var.provider, format, body));
};

const XMLTV = {
  schema: { type: "string", description: "An XMLTV document" },
  example: INGEST_EXAMPLES.xmltv,
};

const describeIngest = (summary: string, content: Record<string, object>) =>
  describeRoute({
    tags: ["Ingest"],
    summary,
    description:
      "Replaces, per channel, the stored schedule inside the window the post covers, in one " +
      "transaction — only for the channels assigned to the provider, only with programmes that " +
      "start within the plausible range around now and last at most 24 h (the rest is reported). " +
      "One post per provider at a time. Re-posting the same bytes changes nothing (`unchanged: true`). Send " +
      "`Content-Encoding: gzip` to upload compressed; the size limit (INGEST_BODY_LIMIT_BYTES) " +
      "holds for the upload and for the decompressed bytes. Rules and report: docs/ingestion.md.",
    parameters: [
      {
        in: "header",
        name: "content-encoding",
        required: false,
        schema: { type: "string", enum: ["identity", "gzip", "x-gzip"] },
      },
    ],
    requestBody: { required: true, content },
    responses: {
      200: {
        description: "The run's report (succeeded or unchanged)",
        content: { "application/json": { schema: resolver(IngestReport), example: INGEST_EXAMPLES.report } },
      },
      400: problemResponse(
        "Malformed XML/JSON/gzip (`line`, `column`) or a JSON schema violation (`path`, `errors`); " +
          "the problem names the recorded run (`runId`)",
      ),
      409: problemResponse(
        "Another post of this provider is still being ingested (`Retry-After`; nothing was read), " +
          "or a channel of the post was unassigned while it uploaded (nothing was written)",
      ),
      413: problemResponse("Upload or decompressed size over the limit"),
      415: problemResponse("Wrong Content-Type or Content-Encoding"),
      503: problemResponse("No ingest connection is free right now (`Retry-After`; nothing was read)"),
      500: problemResponse("Database failure: nothing was written; the run is recorded as failed"),
    },
  });

export const ingestRoutes = new Hono<AppEnv>()
  .use(closeAfterRefusal)
  .post(
    "/xmltv",
    describeIngest("Post a schedule as XMLTV", { "application/xml": XMLTV, "text/xml": XMLTV }),
    requireProvider,
    ingest("xmltv"),
  )
  .post(
    "/json",
    describeIngest("Post a schedule in the JSON format", {
      "application/json": { schema: resolver(IngestJsonDocument), example: INGEST_EXAMPLES.json },
    }),
    requireProvider,
    ingest("json"),
  );

/**
 * Examples for the ingest API's OpenAPI description: one small schedule in each format and the
 * report it gets. `openapi-routes.test.ts` checks that they are what the API accepts and answers.
 * They are dated tomorrow (UTC, when the origin started): a post must lie in the plausible range
 * around now, so a fixed date would soon be refused.
 */
import type { IngestJsonDocument, IngestReport } from "@seeyoo/schema/wire";

const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const xmltvTime = (hhmm: string) => `${day.replaceAll("-", "")}${hhmm.replace(":", "")}00 +0000`;
const isoTime = (hhmm: string) => `${day}T${hhmm}:00Z`;

const xmltv = `<?xml version="1.0" encoding="UTF-8"?>
<tv>
  <channel id="news.example"><display-name>Example News</display-name></channel>
  <programme start="${xmltvTime("20:00")}" stop="${xmltvTime("21:00")}" channel="news.example">
    <title lang="en">Evening News</title>
    <sub-title lang="en">Headlines</sub-title>
    <desc lang="en">The day's news.</desc>
    <category lang="en">News</category>
    <episode-num system="onscreen">S02E05</episode-num>
  </programme>
  <programme start="${xmltvTime("21:00")}" stop="${xmltvTime("21:15")}" channel="news.example">
    <title lang="en">Weather</title>
  </programme>
</tv>
`;

const json: IngestJsonDocument = {
  channels: [{ id: "news.example", displayName: "Example News" }],
  programmes: [
    {
      channel: "news.example",
      start: isoTime("20:00"),
      stop: isoTime("21:00"),
      title: "Evening News",
      subtitle: "Headlines",
      description: "The day's news.",
      categories: ["News"],
      season: 2,
      episode: 5,
      episodeOnscreen: "S02E05",
    },
  ],
};

const report: IngestReport = {
  runId: "0b7c6a52-4a1e-4a4f-9d43-7f3f1f2e9c10",
  status: "succeeded",
  format: "json",
  unchanged: false,
  contentHash: "5f2b9c1e0a7d4b3c8e6f1a2d9c0b7e4f3a6d8c1b2e5f7a9c0d3b6e8f1a4c7d2e",
  bytes: 412,
  channels: { seen: 1, notAssigned: [], notAssignedCount: 0, changed: 1 },
  programmes: { received: 1, inserted: 1, updated: 0, deleted: 0, trimmed: 0, unchanged: 0, rejected: 0 },
  rejectedByReason: {},
  warnings: [],
  warningsDropped: 0,
  durationMs: 18,
};

export const INGEST_EXAMPLES = { xmltv, json, report };

/**
 * `npm start`'s guide step: yesterday and the week ahead as XMLTV for every channel, posted through
 * the real ingestion endpoint as a provider would. It never stops the stack: a missing endpoint (404), a refused
 * post or an unreachable origin is logged as a warning and the stack runs without guide data.
 * A stored key the origin no longer knows (401: the database was reset) is replaced once.
 */
import {
  type AdminAccount,
  createDevProvider,
  readProviderKey,
  saveProviderKey,
} from "./dev-provider-key.ts";
import { type GuideChannel, xmltvWeek } from "./xmltv-week.ts";

export interface PostDevGuideOptions {
  originUrl: string;
  keyFile: string;
  admin: AdminAccount;
  channels: readonly GuideChannel[];
  log: (message: string) => void;
  now?: Date;
}

interface IngestReportSummary {
  status?: string;
  unchanged?: boolean;
  programmes?: {
    received?: number;
    inserted?: number;
    updated?: number;
    deleted?: number;
    rejected?: number;
  };
  channels?: { seen?: number; unknown?: number };
}

function postXmltv(originUrl: string, apiKey: string, body: string): Promise<Response> {
  return fetch(`${originUrl}/v1/ingest/xmltv`, {
    method: "POST",
    headers: { "content-type": "application/xml", authorization: `Bearer ${apiKey}` },
    body,
  });
}

function summary(report: IngestReportSummary): string {
  const p = report.programmes ?? {};
  if (report.unchanged) return "unchanged (this exact guide is already applied)";
  return (
    `${report.status ?? "done"}: ${p.received ?? "?"} received, ${p.inserted ?? 0} inserted, ` +
    `${p.updated ?? 0} updated, ${p.deleted ?? 0} deleted, ${p.rejected ?? 0} rejected` +
    (report.channels?.unknown ? `, ${report.channels.unknown} unknown channel(s)` : "")
  );
}

/** Resolves to true when the origin accepted the guide. */
export async function postDevGuide(options: PostDevGuideOptions): Promise<boolean> {
  const { originUrl, keyFile, log } = options;
  // Yesterday too, so catch-up has past programmes to replay even just after midnight UTC.
  const yesterday = new Date((options.now ?? new Date()).getTime() - 86_400_000);
  const xml = xmltvWeek(options.channels, yesterday, 8);
  try {
    let apiKey = readProviderKey(keyFile);
    let fresh = false;
    if (apiKey === null) {
      apiKey = await createDevProvider(originUrl, options.admin);
      saveProviderKey(keyFile, apiKey);
      fresh = true;
      log(`created the EPG provider for the demo guide (key in ${keyFile})`);
    }
    let res = await postXmltv(originUrl, apiKey, xml);
    if (res.status === 401 && !fresh) {
      await res.body?.cancel();
      log("the stored EPG provider key was refused (database reset?); creating a new provider");
      apiKey = await createDevProvider(originUrl, options.admin);
      saveProviderKey(keyFile, apiKey);
      res = await postXmltv(originUrl, apiKey, xml);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      log(
        `WARNING: ${originUrl}/v1/ingest/xmltv answered 404 (ingestion not mounted yet?): no guide data posted`,
      );
      return false;
    }
    const text = await res.text();
    if (!res.ok) {
      log(`WARNING: posting the demo guide failed with ${res.status}: ${text.slice(0, 500)}`);
      return false;
    }
    log(
      `demo guide (7 days, ${options.channels.length} channels, ${(xml.length / 1024).toFixed(0)} KiB XMLTV) ${summary(JSON.parse(text) as IngestReportSummary)}`,
    );
    return true;
  } catch (error) {
    log(`WARNING: could not post the demo guide: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

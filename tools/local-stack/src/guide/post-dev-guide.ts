/**
 * `npm start`'s guide step, done as an operator and a provider would: the demo admin makes sure
 * the demo provider exists and has every channel assigned (under the channel's slug, the id the
 * demo guide uses), then yesterday and the week ahead as XMLTV for every channel is posted through the real ingestion
 * endpoint with the provider's key. It never stops the stack: a missing endpoint (404), a refused
 * post or an unreachable origin is logged as a warning and the stack runs without guide data. A
 * stored key the origin no longer knows (the database was reset) is replaced.
 */
import { type AdminAccount, readProviderKey, saveProviderKey } from "./dev-provider-key.ts";
import { GuideOperator } from "./guide-operator.ts";
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
  channels?: { seen?: number; notAssignedCount?: number };
}

function summary(report: IngestReportSummary): string {
  const p = report.programmes ?? {};
  if (report.unchanged) return "unchanged (this exact guide is already applied)";
  return (
    `${report.status ?? "done"}: ${p.received ?? "?"} received, ${p.inserted ?? 0} inserted, ` +
    `${p.updated ?? 0} updated, ${p.deleted ?? 0} deleted, ${p.rejected ?? 0} rejected` +
    (report.channels?.notAssignedCount
      ? `, ${report.channels.notAssignedCount} channel(s) not assigned to the demo provider`
      : "")
  );
}

/** Resolves to true when the origin accepted the guide. */
export async function postDevGuide(options: PostDevGuideOptions): Promise<boolean> {
  const { originUrl, keyFile, log } = options;
  // Yesterday too, so catch-up has past programmes to replay even just after midnight UTC.
  const yesterday = new Date((options.now ?? new Date()).getTime() - 86_400_000);
  const xml = xmltvWeek(options.channels, yesterday, 8);
  try {
    const operator = await GuideOperator.signIn(originUrl, options.admin);
    let apiKey = readProviderKey(keyFile);
    let providerId = apiKey === null ? null : await operator.findProvider(apiKey);
    if (apiKey === null || providerId === null) {
      if (apiKey !== null)
        log("the stored EPG provider key is unknown here (database reset?); creating a new provider");
      ({ id: providerId, apiKey } = await operator.createProvider());
      saveProviderKey(keyFile, apiKey);
      log(`created the EPG provider for the demo guide (key in ${keyFile})`);
    }
    const assignments = await operator.assignChannels(
      providerId,
      options.channels.map((c) => c.slug),
    );
    if (assignments.elsewhere.length > 0) {
      log(
        `WARNING: ${assignments.elsewhere.length} channel(s) belong to another EPG provider, the demo guide ` +
          `cannot write them: ${assignments.elsewhere.join(", ")}`,
      );
    }
    const res = await fetch(`${originUrl}/v1/ingest/xmltv`, {
      method: "POST",
      headers: { "content-type": "application/xml", authorization: `Bearer ${apiKey}` },
      body: xml,
    });
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

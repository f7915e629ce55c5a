/**
 * Helpers for the guide-search tests: instants relative to now (search windows must lie within the
 * guide's reach), a search call, and a schedule posted through the origin's real ingestion.
 */
import type { SearchResponse } from "@seeyoo/schema/wire";
import { adminToken, context, edgeFetchWith, versionKey } from "./worker-harness.ts";

const HOUR = 3_600_000;

/** Midnight UTC three days from now: far enough that "now" never falls into a test's window. */
export const BASE = (() => {
  const d = new Date(Date.now() + 3 * 24 * HOUR);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
})();

/** BASE plus `hours` (fractions allowed), as ISO. */
export const at = (hours: number) => new Date(BASE + hours * HOUR).toISOString();

/** Now plus `hours`, as ISO. */
export const fromNow = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

/** A word no other test uses, so that searches of different tests never see each other's programmes. */
export const uniqueWord = (stem: string) =>
  `${stem}${crypto
    .randomUUID()
    .replace(/[^a-f]/g, "")
    .slice(0, 6)}`;

export interface Searched {
  status: number;
  headers: Headers;
  body: SearchResponse;
  titles: string[];
}

/** GET /v1/epg/search with these parameters (waits for the Worker's cache fills). */
export async function search(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await edgeFetchWith({}, `/v1/epg/search?${new URLSearchParams(params)}`, { headers });
  const body = res.status === 200 ? (res.json() as SearchResponse) : (undefined as unknown as SearchResponse);
  return {
    status: res.status,
    headers: res.headers,
    body,
    titles: body ? body.results.map((r) => r.programme.title) : [],
    problem: () => res.json() as { errors?: { field: string; message: string }[] },
  };
}

/** Posts a JSON schedule through the origin's ingestion, as an EPG provider does. */
export async function postSchedule(
  programmes: { channel: string; start: string; stop: string; title: string; description?: string }[],
): Promise<void> {
  const origin = context.bindings.ORIGIN_URL;
  const provider = await fetch(`${origin}/v1/admin/providers`, {
    method: "POST",
    headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ name: `search test ${crypto.randomUUID().slice(0, 8)}` }),
  });
  if (provider.status !== 201) throw new Error(`provider: ${provider.status} ${await provider.text()}`);
  const { apiKey } = await provider.json<{ apiKey: string }>();
  const ingest = await fetch(`${origin}/v1/ingest/json`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ programmes }),
  });
  if (ingest.status !== 200) throw new Error(`ingest: ${ingest.status} ${await ingest.text()}`);
}

/** The catalog and EPG cache versions every search key embeds, as Redis holds them now. */
async function searchVersions(): Promise<string> {
  const res = await fetch(`${context.redisUrl}/pipeline`, {
    method: "POST",
    headers: { authorization: `Bearer ${context.redisToken}`, "content-type": "application/json" },
    body: JSON.stringify([["MGET", versionKey.catalog, versionKey.epg]]),
  });
  return JSON.stringify(await res.json());
}

/**
 * Runs `steps` until no cache version changed while they ran (at most 5 times). Test files run in
 * parallel and bump the shared catalog and EPG versions whenever they create channels or
 * programmes, which rightly empties every search's cache; a check of what is cached is only
 * meaningful under one version.
 */
export async function underOneVersion<T>(steps: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const before = await searchVersions();
    const result = await steps();
    if ((await searchVersions()) === before || attempt === 5) return result;
  }
}

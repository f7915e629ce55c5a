/**
 * Helpers for the guide-search tests: instants relative to now (search windows must lie within the
 * guide's reach), a search call, and a schedule posted through the origin's real ingestion.
 */
import type { SearchResponse } from "@seeyoo/schema/wire";
import { adminToken, context, edgeFetchWith, keysOf } from "./worker-harness.ts";

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

/** Each channel's provider key: a provider may only write the channels assigned to it. */
const providerKeys = new Map<string, string>();

/** Sends an admin request to the origin; anything but `expect` is a test setup failure. */
async function asAdmin<T>(method: string, path: string, body: unknown, expect: number[]): Promise<T> {
  const res = await fetch(`${context.bindings.ORIGIN_URL}${path}`, {
    method,
    headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json<T>();
}

/** The API key of a provider that owns the channel `slug` (created and assigned on first use). */
async function providerKeyFor(slug: string): Promise<string> {
  const known = providerKeys.get(slug);
  if (known) return known;
  const { channels } = await asAdmin<{ channels: { id: string; slug: string }[] }>(
    "GET",
    "/v1/admin/channels",
    undefined,
    [200],
  );
  const channel = channels.find((c) => c.slug === slug);
  if (!channel) throw new Error(`no channel ${slug}`);
  const provider = await asAdmin<{ id: string; apiKey: string }>(
    "POST",
    "/v1/admin/providers",
    { name: `search test ${slug}` },
    [201],
  );
  await asAdmin(
    "PUT",
    `/v1/admin/providers/${provider.id}/channels/${channel.id}`,
    { providerChannelId: slug },
    [200, 201],
  );
  providerKeys.set(slug, provider.apiKey);
  return provider.apiKey;
}

/** Posts a JSON schedule through the origin's ingestion, as the channels' EPG provider does. */
export async function postSchedule(
  programmes: { channel: string; start: string; stop: string; title: string; description?: string }[],
): Promise<void> {
  const slugs = [...new Set(programmes.map((p) => p.channel))];
  if (slugs.length !== 1) throw new Error("post one channel's schedule at a time");
  const apiKey = await providerKeyFor(slugs[0] as string);
  const ingest = await fetch(`${context.bindings.ORIGIN_URL}/v1/ingest/json`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ programmes }),
  });
  if (ingest.status !== 200) throw new Error(`ingest: ${ingest.status} ${await ingest.text()}`);
}

/** The catalog and EPG cache versions every search key embeds, as Redis holds them now. */
async function searchVersions(): Promise<string> {
  const keys = await keysOf();
  const res = await fetch(`${context.redisUrl}/pipeline`, {
    method: "POST",
    headers: { authorization: `Bearer ${context.redisToken}`, "content-type": "application/json" },
    body: JSON.stringify([["MGET", keys.version.catalog, keys.version.epg]]),
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

/**
 * Shared setup of the ingest tests: a real origin (own database) behind a real Redis reached
 * through the Upstash-REST bridge, with channels, providers and their channel assignments created
 * the way an admin would.
 */
import { randomBytes } from "node:crypto";
import { startUpstashBridge, type UpstashBridge } from "@seeyoo/local-stack/upstash-bridge";
import { versionScope } from "@seeyoo/schema/cache-versions";
import { channels } from "@seeyoo/schema/db";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, expect } from "vitest";
import { signUp } from "../../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../../test/origin-harness.ts";
import { mirroredVersions } from "../../cache/testing/mirrored-versions.ts";
import { fixtureClock } from "./xmltv-document.ts";

export interface StoredProgramme {
  channel: string;
  start: string;
  end: string;
  title: string;
}

export interface IngestKit {
  origin: TestOrigin;
  redis: Redis;
  namespace: string;
  adminToken: string;
  /** Creates channels directly in SQL; returns slug → id. */
  createChannels(slugs: string[]): Promise<Record<string, string>>;
  /**
   * Creates `n` channels under slugs no other call of this kit gives out, so each test works on
   * channels of its own and does not see the others' schedules.
   */
  freshChannels(n: number): Promise<{ slugs: string[]; ids: string[] }>;
  /**
   * Creates a provider through the admin API and assigns it these channels (slugs, each under its
   * slug as the provider's id); returns its id and one-time API key.
   */
  createProvider(name?: string, channelSlugs?: string[]): Promise<{ id: string; apiKey: string }>;
  /** Assigns our channel `slug` to the provider under `providerChannelId` (default: the slug). */
  assign(providerId: string, slug: string, providerChannelId?: string): Promise<void>;
  unassign(providerId: string, slug: string): Promise<void>;
  revokeProvider(id: string): Promise<void>;
  postXmltv(apiKey: string, body: UploadBody, headers?: Record<string, string>): Promise<Response>;
  postJson(apiKey: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The stored schedule as compact tuples, ordered; times as `HH:MM` when on the fixture day. */
  storedSchedule(): Promise<StoredProgramme[]>;
  /** One channel's stored schedule as `"HH:MM-HH:MM Title"` lines, the notation `programmes()` writes. */
  scheduleOf(slug: string): Promise<string[]>;
  /** Every column of every row of a table (for before/after comparisons). */
  fullTable(table: "epg_programs" | "ingest_runs"): Promise<unknown[]>;
  /** The cache versions the origin bumps, for these channels and the guide. */
  versions(channelIds: string[]): Promise<{ epg: number; channels: number[] }>;
  close(): Promise<void>;
}

type UploadBody = string | Uint8Array | ReadableStream<Uint8Array>;

let nextNumber = 1;
let nextFreshChannel = 1;

export async function startIngestKit(env: Record<string, string> = {}): Promise<IngestKit> {
  const bridge: UpstashBridge = await startUpstashBridge({ token: randomBytes(16).toString("hex") });
  const namespace = `ingest-test-${randomBytes(4).toString("hex")}`;
  const origin = await startTestOrigin({
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    CACHE_NAMESPACE: namespace,
    ...env,
  });
  const adminToken = (await signUp(origin, { role: "admin" })).accessToken;
  const redis = new Redis({ url: bridge.url, token: bridge.token });
  const channelIds = new Map<string, string>();
  const channelIdOf = (slug: string) => {
    const id = channelIds.get(slug);
    if (!id) throw new Error(`the kit created no channel ${slug}`);
    return id;
  };
  const assign = async (providerId: string, slug: string, providerChannelId = slug) => {
    const res = await origin.request(
      "PUT",
      `/v1/admin/providers/${providerId}/channels/${channelIdOf(slug)}`,
      {
        token: adminToken,
        body: { providerChannelId },
      },
    );
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`assigning ${slug} failed: ${res.status} ${await res.text()}`);
    }
  };
  const post = (path: string, apiKey: string, body: UploadBody, headers: Record<string, string>) =>
    fetch(`${origin.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, ...headers },
      body: body as BodyInit,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);

  const createChannels = async (slugs: string[]) => {
    const rows = await origin.services.db
      .insert(channels)
      .values(slugs.map((slug) => ({ slug, number: nextNumber++, name: slug, hlsPath: `/live/${slug}` })))
      .returning({ id: channels.id, slug: channels.slug });
    for (const r of rows) channelIds.set(r.slug, r.id);
    return Object.fromEntries(rows.map((r) => [r.slug, r.id]));
  };
  const storedSchedule = async () => {
    const { rows } = await origin.services.pool.query<{ slug: string; s: Date; e: Date; title: string }>(
      `select c.slug, p.start_time as s, p.end_time as e, p.title
       from epg_programs p join channels c on c.id = p.channel_id order by c.slug, p.start_time`,
    );
    return rows.map((r) => ({
      channel: r.slug,
      start: fixtureClock(r.s),
      end: fixtureClock(r.e),
      title: r.title,
    }));
  };

  return {
    origin,
    redis,
    namespace,
    adminToken,
    createChannels,
    async freshChannels(n) {
      const slugs = Array.from({ length: n }, () => `fresh${nextFreshChannel++}.test`);
      const ids = await createChannels(slugs);
      return { slugs, ids: slugs.map((slug) => ids[slug] as string) };
    },
    async createProvider(name = "Provider", channelSlugs = []) {
      const res = await origin.request("POST", "/v1/admin/providers", { token: adminToken, body: { name } });
      if (res.status !== 201) throw new Error(`provider creation failed: ${res.status}`);
      const provider = (await res.json()) as { id: string; apiKey: string };
      for (const slug of channelSlugs) await assign(provider.id, slug);
      return provider;
    },
    assign,
    async unassign(providerId, slug) {
      const res = await origin.request(
        "DELETE",
        `/v1/admin/providers/${providerId}/channels/${channelIdOf(slug)}`,
        {
          token: adminToken,
        },
      );
      if (res.status !== 204) throw new Error(`unassigning ${slug} failed: ${res.status}`);
    },
    async revokeProvider(id) {
      const res = await origin.request("DELETE", `/v1/admin/providers/${id}`, { token: adminToken });
      if (res.status !== 204) throw new Error(`revoking the provider failed: ${res.status}`);
    },
    postXmltv: (apiKey, body, headers = {}) =>
      post("/v1/ingest/xmltv", apiKey, body, { "content-type": "application/xml", ...headers }),
    postJson: (apiKey, body, headers = {}) =>
      post("/v1/ingest/json", apiKey, typeof body === "string" ? body : JSON.stringify(body), {
        "content-type": "application/json",
        ...headers,
      }),
    storedSchedule,
    async scheduleOf(slug) {
      return (await storedSchedule())
        .filter((p) => p.channel === slug)
        .map((p) => `${p.start}-${p.end} ${p.title}`);
    },
    async fullTable(table) {
      const order = table === "epg_programs" ? "channel_id, start_time" : "started_at, id";
      return (await origin.services.pool.query(`select * from ${table} order by ${order}`)).rows;
    },
    async versions(channelIds) {
      const scopes = [versionScope.epg, ...channelIds.map(versionScope.channel)];
      const [epg, ...rest] = await mirroredVersions(redis, origin.services.pool, namespace, scopes);
      return { epg: epg ?? 0, channels: rest };
    },
    async close() {
      await origin.close();
      await bridge.close();
    },
  };
}

/**
 * The kit the tests of the calling file share: started before them and closed after them. The
 * object returned stands for it from the first hook on; reading it while the file is still being
 * collected is a mistake and throws.
 */
export function useIngestKit(env: Record<string, string> = {}): IngestKit {
  let started: IngestKit | undefined;
  beforeAll(async () => {
    started = await startIngestKit(env);
  });
  afterAll(() => started?.close());
  return new Proxy({} as IngestKit, {
    get(_, key) {
      if (started === undefined) throw new Error("the ingest kit is read before its file's tests start");
      return started[key as keyof IngestKit];
    },
  });
}

/** Asserts a `400 malformed-body` problem+json answer (XML not well-formed) and returns its body. */
export async function malformedXmlProblem(res: Response): Promise<Record<string, unknown>> {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = await res.json();
  expect(problem).toMatchObject({ type: "https://seeyoo.tv/problems/malformed-body", status: 400 });
  return problem;
}

/** Waits until `n` ingest transactions of the kit's origin hold their COPY open in Postgres. */
export async function waitForOpenIngests(kit: IngestKit, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await kit.origin.services.pool.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and query like 'copy ingest_staging%'",
    );
    if ((rows[0]?.n ?? 0) >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the ingests did not start");
}

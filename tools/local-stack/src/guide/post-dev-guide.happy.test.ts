/**
 * The demo guide step against a real origin: it assigns the demo channels to the demo provider
 * through the admin API, as an operator would, and the provider's post then lands on them.
 */
import { statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import { type OriginServer, startOriginServer } from "@seeyoo/origin/testing/origin-server";
import { cloneTestDatabase, provisionTestPostgres } from "@seeyoo/origin/testing/postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postDevGuide } from "./post-dev-guide.ts";
import type { GuideChannel } from "./xmltv-week.ts";

const admin = { email: "admin@guide.test", password: "admin guide password" };
const channels: GuideChannel[] = ["one", "news", "sport"].map((n) => ({
  slug: `${n}.guide.test`,
  name: `Guide ${n}`,
  category: "General",
}));

let postgres: Awaited<ReturnType<typeof provisionTestPostgres>>;
let origin: OriginServer;
let dir: string;
let token: string;

beforeAll(async () => {
  postgres = await provisionTestPostgres();
  origin = await startOriginServer({
    DATABASE_URL: await cloneTestDatabase(postgres.adminUrl, postgres.template),
    JWT_PRIVATE_KEYS: JSON.stringify([await generateSigningJwk("guide-test")]),
  });
  dir = await mkdtemp(join(tmpdir(), "seeyoo-guide-test-"));
  await call("POST", "/v1/auth/register", { ...admin, name: "Guide Admin" });
  await origin.services.pool.query("update users set role = 'admin' where email = $1", [admin.email]);
  token = ((await call("POST", "/v1/auth/login", admin)) as { accessToken: string }).accessToken;
  for (const [i, c] of channels.entries()) {
    await call("POST", "/v1/admin/channels", {
      slug: c.slug,
      number: i + 1,
      name: c.name,
      hlsPath: `/live/${i}`,
    });
  }
}, 60_000);
afterAll(async () => {
  await origin?.close();
  await postgres?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${origin.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

async function run(keyFile: string): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  const ok = await postDevGuide({
    originUrl: origin.url,
    keyFile,
    admin,
    channels,
    log: (l) => lines.push(l),
  });
  return { ok, lines };
}

const providers = async () =>
  ((await call("GET", "/v1/admin/providers")) as { providers: { id: string; revokedAt: string | null }[] })
    .providers;
const stored = async (slug: string) =>
  (
    await origin.services.pool.query<{ n: number }>(
      "select count(*)::int as n from epg_programs p join channels c on c.id = p.channel_id where c.slug = $1",
      [slug],
    )
  ).rows[0]?.n ?? 0;

describe("the demo guide step", () => {
  it("creates the demo provider, assigns it every channel under its slug, and posts a week onto them", async () => {
    const keyFile = join(dir, "first-key");
    const first = await run(keyFile);
    expect(first.ok).toBe(true);
    expect(first.lines.join("\n")).toMatch(/succeeded: \d+ received, \d+ inserted/);
    expect(first.lines.join("\n")).not.toContain("not assigned");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const [provider] = await providers();
    const assigned = (await call("GET", `/v1/admin/providers/${provider?.id}/channels`)) as {
      channels: { slug: string; providerChannelId: string }[];
    };
    expect(assigned.channels.map((c) => [c.slug, c.providerChannelId]).sort()).toEqual(
      channels.map((c) => [c.slug, c.slug]).sort(),
    );
    for (const c of channels) expect(await stored(c.slug)).toBeGreaterThan(7);

    // The next start posts as the same provider, and the same week changes nothing.
    const again = await run(keyFile);
    expect(again.lines.join("\n")).toContain("unchanged");
    expect(await providers()).toHaveLength(1);
  });

  it("replaces a key this database does not know, and says which channels another provider holds", async () => {
    const keyFile = join(dir, "stale-key");
    await writeFile(keyFile, "sk_epg_fromAnotherDatabase\n");
    // A fresh start: the earlier demo provider is gone, and one channel went to another provider.
    for (const p of await providers()) await call("DELETE", `/v1/admin/providers/${p.id}`);
    const [held] = channels as [GuideChannel];
    const other = (await call("POST", "/v1/admin/providers", { name: "Someone else" })) as { id: string };
    const heldId = (
      await origin.services.pool.query<{ id: string }>("select id from channels where slug = $1", [held.slug])
    ).rows[0]?.id;
    await call("PUT", `/v1/admin/providers/${other.id}/channels/${heldId}`, { providerChannelId: "theirs" });

    const result = await run(keyFile);
    expect(result.ok).toBe(true);
    const log = result.lines.join("\n");
    expect(log).toContain("creating a new provider");
    expect(log).toContain(`belong to another EPG provider, the demo guide cannot write them: ${held.slug}`);
    expect(log).toMatch(/1 channel\(s\) not assigned to the demo provider/);
  });
});

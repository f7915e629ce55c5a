/**
 * Postgres killed under load and restarted (issue #10 §4): public reads keep answering 200 from the
 * last good copies, signed-in reads that need the database answer 503 with Retry-After, and
 * everything recovers once Postgres is back — nothing else restarted. Prints what it measured as
 * one JSON line.
 *
 * To make the outage meet data the caches cannot answer from their current versions, a change is
 * committed just before the kill and its versions mirrored just after: as when the origin's mirror
 * of a fresh change lands while the database dies, before any edge rebuilt from it.
 */
import { cacheKeys } from "@seeyoo/schema/cache-keys";
import {
  mirrorVersionsEval,
  READ_VERSIONS_SQL,
  storedVersionsOf,
  versionScope,
} from "@seeyoo/schema/cache-versions";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultStack, startFaultStack, timeUntil } from "./support/fault-stack.ts";
import { PhasedLoad, pause } from "./support/phased-load.ts";
import { PUBLIC_ROUTES, viewerRoutes } from "./support/viewer-routes.ts";

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ edge: true, guide: true, viewers: 8 });
});
afterAll(() => stack?.close());

const edgeGet = (path: string, token?: string) => stack.edgeGet(path, token);

/** Commits a change to the catalog and to the first channels' schedules; returns their new versions. */
async function commitChange() {
  const channels = stack.channelIds.slice(0, 5);
  await stack.sql("update channels set name = name || '.' where id = $1", [channels[0]]);
  await stack.sql("update epg_programs set title = title || '.' where channel_id = any($1::uuid[])", [
    channels,
  ]);
  const scopes = [versionScope.catalog, versionScope.epg, ...channels.map(versionScope.channel)];
  const [row] = await stack.sql<{ epoch: string; versions: unknown }>(READ_VERSIONS_SQL, [scopes]);
  return storedVersionsOf(row as { epoch: string; versions: unknown }, scopes);
}

describe("Postgres killed under load, restarted", () => {
  it("serves public reads from the last good copies, refuses signed-in reads with Retry-After, recovers", async () => {
    const load = new PhasedLoad(stack.edge?.url ?? "", viewerRoutes(stack), 16, "before");
    await pause(5_000);

    const stored = await commitChange();
    load.phase("postgres down");
    await stack.database.kill();
    const redis = new Redis(stack.redis.url);
    const mirror = mirrorVersionsEval(cacheKeys(stack.namespace).of(stored.epoch), stored);
    await redis.eval(mirror.script, mirror.keys.length, ...mirror.keys, ...mirror.args);
    redis.disconnect();
    await pause(6_000);
    const readyDuringOutage = (await fetch(`${stack.origin.url}/readyz`)).status;

    load.phase("recovering");
    await stack.database.restart();
    const recoveryMs = await timeUntil(async () => {
      const [favourites, channels, ready] = await Promise.all([
        edgeGet("/v1/me/favorites", stack.viewers[0]?.token),
        edgeGet("/v1/channels"),
        fetch(`${stack.origin.url}/readyz`),
      ]);
      return (
        favourites.status === 200 &&
        channels.headers.get("x-seeyoo-cache") !== "stale" &&
        ready.status === 200
      );
    });
    load.phase("after recovery");
    await pause(4_000);
    const phases = await load.stop();

    const down = phases["postgres down"];
    const favouritesDown = down?.statuses.favorites ?? {};
    console.log(
      JSON.stringify({
        fault: "postgres-killed-and-restarted",
        phases,
        public_failures: Object.fromEntries(
          Object.keys(phases).map((phase) => [phase, load.failures(phase, PUBLIC_ROUTES)]),
        ),
        favorites_during_outage: favouritesDown,
        origin_readyz_during_outage: readyDuringOutage,
        recovery_ms: recoveryMs,
      }),
    );
    for (const phase of Object.keys(phases)) {
      expect(load.failures(phase, PUBLIC_ROUTES), `public reads, ${phase}`).toBe(0);
    }
    // Public reads during the outage came from the last good copies, not from Postgres.
    const stale = Object.values(down?.tiers ?? {}).reduce((n, tiers) => n + (tiers.stale ?? 0), 0);
    expect(stale).toBeGreaterThan(0);
    expect(Object.values(down?.tiers ?? {}).some((tiers) => (tiers.database ?? 0) > 0)).toBe(false);
    // Signed-in reads needed the database (the catalog moved): 503 with Retry-After, never anything else.
    expect(favouritesDown["503"] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(favouritesDown).filter((s) => s !== "503" && s !== "200")).toEqual([]);
    // Also while Postgres starts up again ("the database system is starting up"): 503, not 500.
    for (const [phase, record] of Object.entries(phases)) {
      const statuses = Object.keys(record.statuses.favorites ?? {});
      expect(
        statuses.filter((s) => s !== "503" && s !== "200"),
        `favourites, ${phase}`,
      ).toEqual([]);
      expect(record.refusalsWithoutRetryAfter, `refusals without Retry-After, ${phase}`).toBe(0);
    }
    expect(readyDuringOutage).toBe(503);
    expect(load.failures("after recovery", [...PUBLIC_ROUTES, "favorites"])).toBe(0);
  });
});

/**
 * Redis killed under read load and restarted empty (issue #10 §4, §1): public reads never fail,
 * favourites are served throughout (from Postgres while Redis is away), and after the restart the
 * edge serves the current data — versions come from Postgres, never from a counter that restarted
 * at zero. Prints what it measured as one JSON line.
 */
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

describe("Redis killed under load, restarted empty", () => {
  it("keeps every read answered and serves the current data afterwards", async () => {
    const load = new PhasedLoad(stack.edge?.url ?? "", viewerRoutes(stack), 16, "before");
    await pause(4_000);
    load.phase("redis down");
    await stack.redis.stop({ kill: true });
    await pause(6_000);
    load.phase("after restart");
    await stack.redis.start();
    const restarted = performance.now();
    // Back on its Redis tier: a viewer's favourites come from the per-user entry again.
    const viewer = stack.viewers[0];
    const recoveryMs = await timeUntil(async () => {
      const res = await edgeGet("/v1/me/favorites", viewer?.token);
      return res.status === 200 && res.headers.get("x-seeyoo-cache") === "redis";
    });
    await pause(4_000);
    const phases = await load.stop();

    // The data after the restart is the database's, also after a change made through the origin.
    const [gone, kept] = [stack.channelIds[3] as string, stack.channelIds[4] as string];
    const deleted = await fetch(`${stack.origin.url}/v1/admin/channels/${gone}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    expect(deleted.status).toBe(204);
    const active = (
      await stack.sql<{ id: string }>("select id from channels where active order by number")
    ).map((r) => r.id);
    const listed = async () =>
      ((await (await edgeGet("/v1/channels")).json()) as { channels: { id: string }[] }).channels.map(
        (c) => c.id,
      );
    // An isolate reuses the versions it read for VERSION_CACHE_MS (1 s): the change shows within that.
    const same = async () => JSON.stringify(await listed()) === JSON.stringify(active);
    const changeVisibleMs = await timeUntil(same, 5_000);
    expect(await listed()).toEqual(active);
    expect((await edgeGet(`/v1/channels/${gone}`)).status).toBe(404);
    expect((await edgeGet(`/v1/channels/${kept}`)).status).toBe(200);
    const favourites = (await (await edgeGet("/v1/me/favorites", viewer?.token)).json()) as {
      channels: { id: string }[];
    };
    const stored = await stack.sql<{ id: string }>(
      `select c.id from favorites f join channels c on c.id = f.channel_id
       where f.user_id = $1 and c.active order by f.position`,
      [viewer?.id],
    );
    expect(favourites.channels.map((c) => c.id)).toEqual(stored.map((r) => r.id));

    console.log(
      JSON.stringify({
        fault: "redis-killed-and-restarted-empty",
        phases,
        public_failures: {
          before: load.failures("before", PUBLIC_ROUTES),
          redis_down: load.failures("redis down", PUBLIC_ROUTES),
          after_restart: load.failures("after restart", PUBLIC_ROUTES),
        },
        favorites_failures: ["before", "redis down", "after restart"].map((p) =>
          load.failures(p, ["favorites"]),
        ),
        redis_tier_back_after_ms: recoveryMs,
        change_visible_after_ms: changeVisibleMs,
        measured_from_restart_ms: Math.round(performance.now() - restarted),
      }),
    );
    for (const phase of ["before", "redis down", "after restart"]) {
      expect(load.failures(phase, PUBLIC_ROUTES), `public reads, ${phase}`).toBe(0);
      expect(load.failures(phase, ["favorites"]), `favourites, ${phase}`).toBe(0);
    }
    expect(Object.keys(phases["redis down"]?.statuses ?? {}).length).toBeGreaterThan(0);
  });
});

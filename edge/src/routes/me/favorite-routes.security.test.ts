import { describe, expect, it } from "vitest";
import { createChannel, edgeFetch, keysOf, redisCommand, signUp, sql } from "../../../test/worker-harness.ts";
import { USER_ENTRY_TTL_SECONDS } from "../../cache/user-cache.ts";

const list = async (token: string) =>
  (
    await (await edgeFetch("/v1/me/favorites", { token })).json<{ channels: { id: string }[] }>()
  ).channels.map((c) => c.id);

describe("favourites belong to one user only", () => {
  it("no user can read or change another user's favourites by any path", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const [a, b] = [await createChannel(), await createChannel()];
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "PUT", token: alice.accessToken });

    // Bob sees only his own (empty) list.
    expect(await list(bob.accessToken)).toEqual([]);
    // Bob deleting "a" removes nothing of Alice's.
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "DELETE", token: bob.accessToken });
    // Bob replacing his list does not touch Alice's.
    await edgeFetch("/v1/me/favorites", { method: "PUT", token: bob.accessToken, json: { channelIds: [b] } });
    // A user id smuggled into the path or body is no route / not accepted.
    expect((await edgeFetch(`/v1/users/${alice.user.id}/favorites`, { token: bob.accessToken })).status).toBe(
      404,
    );
    const smuggled = await edgeFetch("/v1/me/favorites", {
      method: "PUT",
      token: bob.accessToken,
      json: { channelIds: [b], userId: alice.user.id },
    });
    expect(smuggled.status).toBe(400);

    expect(await list(alice.accessToken)).toEqual([a]);
    expect(await list(bob.accessToken)).toEqual([b]);
  });

  it("requires a token for every favourites route", async () => {
    const a = await createChannel();
    for (const [method, path] of [
      ["GET", "/v1/me/favorites"],
      ["PUT", "/v1/me/favorites"],
      ["PUT", `/v1/me/favorites/${a}`],
      ["DELETE", `/v1/me/favorites/${a}`],
      ["GET", "/v1/me"],
    ] as const) {
      const res = await edgeFetch(path, { method });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });
});

describe("a deleted account", () => {
  it("is refused (401) once its per-user entries are gone, which takes at most their TTL", async () => {
    const viewer = await signUp();
    const token = viewer.accessToken;
    const a = await createChannel();
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "PUT", token });
    expect((await edgeFetch("/v1/me", { token })).status).toBe(200);
    const keys = await keysOf();
    for (const key of [keys.user.favorites(viewer.user.id), keys.user.account(viewer.user.id)]) {
      const ttl = Number(await redisCommand(["TTL", key]));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(USER_ENTRY_TTL_SECONDS);
    }

    await sql("delete from users where id = $1", [viewer.user.id]);
    // What the origin's CacheInvalidator.forgetUser does after deleting an account (or the TTL).
    await redisCommand(["DEL", keys.user.favorites(viewer.user.id), keys.user.account(viewer.user.id)]);
    for (const path of ["/v1/me", "/v1/me/favorites"]) {
      const res = await edgeFetch(path, { token });
      expect(res.status, path).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });
});

import { describe, expect, it } from "vitest";
import { adminToken, context, createChannel, edgeFetch, signUp } from "../../../test/worker-harness.ts";

type List = { channels: { id: string }[] };
const ids = async (res: Response) => (await res.json<List>()).channels.map((c) => c.id);

describe("favourites", () => {
  it("adds at the end idempotently, removes, and lists in order", async () => {
    const { accessToken: token } = await signUp();
    const [a, b, c] = [await createChannel(), await createChannel(), await createChannel()];
    expect(await ids(await edgeFetch("/v1/me/favorites", { token }))).toEqual([]);

    await edgeFetch(`/v1/me/favorites/${b}`, { method: "PUT", token });
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "PUT", token });
    const again = await edgeFetch(`/v1/me/favorites/${b}`, { method: "PUT", token }); // already there
    expect(again.status).toBe(200);
    expect(await ids(again)).toEqual([b, a]);

    await edgeFetch(`/v1/me/favorites/${c}`, { method: "PUT", token });
    const removed = await edgeFetch(`/v1/me/favorites/${a}`, { method: "DELETE", token });
    expect(removed.status).toBe(204);
    const list = await edgeFetch("/v1/me/favorites", { token });
    expect(list.headers.get("cache-control")).toBe("private, no-store");
    expect(await ids(list)).toEqual([b, c]);
  });

  it("replaces and reorders the whole list at once", async () => {
    const { accessToken: token } = await signUp();
    const [a, b, c] = [await createChannel(), await createChannel(), await createChannel()];
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "PUT", token });
    const res = await edgeFetch("/v1/me/favorites", {
      method: "PUT",
      token,
      json: { channelIds: [c, a, b] },
    });
    expect(res.status).toBe(200);
    expect(await ids(res)).toEqual([c, a, b]);
    const cleared = await edgeFetch("/v1/me/favorites", { method: "PUT", token, json: { channelIds: [] } });
    expect(await ids(cleared)).toEqual([]);
  });
});

describe("favourites through the per-user cache tier", () => {
  it("a user reads their own write at once, from the tier the write filled", async () => {
    const { accessToken: token } = await signUp();
    const [a, b] = [await createChannel(), await createChannel()];
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "PUT", token });
    const first = await edgeFetch("/v1/me/favorites", { token });
    expect(first.headers.get("x-seeyoo-cache")).toBe("redis");
    expect(await ids(first)).toEqual([a]);
    await edgeFetch(`/v1/me/favorites/${b}`, { method: "PUT", token });
    expect(await ids(await edgeFetch("/v1/me/favorites", { token }))).toEqual([a, b]);
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "DELETE", token });
    expect(await ids(await edgeFetch("/v1/me/favorites", { token }))).toEqual([b]);
  });

  it("ten adds at once: the next read lists all ten", async () => {
    const { accessToken: token } = await signUp();
    const channels = await Promise.all(Array.from({ length: 10 }, () => createChannel()));
    const answers = await Promise.all(
      channels.map((ch) => edgeFetch(`/v1/me/favorites/${ch}`, { method: "PUT", token })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await ids(await edgeFetch("/v1/me/favorites", { token }))).sort()).toEqual([...channels].sort());
  });

  it("a channel switched off drops out of cached favourites", async () => {
    const { accessToken: token } = await signUp();
    const [a, b] = [await createChannel(), await createChannel()];
    await edgeFetch("/v1/me/favorites", { method: "PUT", token, json: { channelIds: [a, b] } });
    expect(await ids(await edgeFetch("/v1/me/favorites", { token }))).toEqual([a, b]);
    // Through the origin's admin API, which commits and then mirrors the new catalog version.
    const res = await fetch(`${context.bindings.ORIGIN_URL}/v1/admin/channels/${b}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
      body: JSON.stringify({ active: false }),
    });
    expect(res.status).toBe(200);
    expect(await ids(await edgeFetch("/v1/me/favorites", { token }))).toEqual([a]);
  });
});

describe("GET /v1/me", () => {
  it("returns the signed-in user, then from the per-user tier", async () => {
    const auth = await signUp();
    const res = await edgeFetch("/v1/me", { token: auth.accessToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(auth.user);
    const again = await edgeFetch("/v1/me", { token: auth.accessToken });
    expect(again.headers.get("x-seeyoo-cache")).toBe("redis");
    expect(await again.json()).toEqual(auth.user);
  });
});

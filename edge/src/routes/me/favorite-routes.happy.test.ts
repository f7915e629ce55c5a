import { describe, expect, it } from "vitest";
import { createChannel, edgeFetch, signUp } from "../../../test/worker-harness.ts";

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

describe("GET /v1/me", () => {
  it("returns the signed-in user", async () => {
    const auth = await signUp();
    const res = await edgeFetch("/v1/me", { token: auth.accessToken });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(auth.user);
  });
});

import { describe, expect, it } from "vitest";
import { createChannel, edgeFetch, signUp, sql } from "../../../test/worker-harness.ts";

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json<{ errors?: { field: string }[] }>();
}

describe("favourites errors", () => {
  it("404 for an unknown or inactive channel, 400 for a malformed id", async () => {
    const { accessToken: token } = await signUp();
    const inactive = await createChannel({ active: false });
    await problem(await edgeFetch(`/v1/me/favorites/${crypto.randomUUID()}`, { method: "PUT", token }), 404);
    await problem(await edgeFetch(`/v1/me/favorites/${inactive}`, { method: "PUT", token }), 404);
    await problem(
      await edgeFetch(`/v1/me/favorites/${crypto.randomUUID()}`, { method: "DELETE", token }),
      404,
    );
    const bad = await problem(await edgeFetch("/v1/me/favorites/xyz", { method: "PUT", token }), 400);
    expect(bad.errors?.map((e) => e.field)).toEqual(["channelId"]);
  });

  it("replacing with an unknown channel changes nothing (all or nothing)", async () => {
    const { accessToken: token } = await signUp();
    const a = await createChannel();
    await edgeFetch(`/v1/me/favorites/${a}`, { method: "PUT", token });
    const res = await edgeFetch("/v1/me/favorites", {
      method: "PUT",
      token,
      json: { channelIds: [crypto.randomUUID()] },
    });
    const body = await problem(res, 404);
    expect(body.errors?.map((e) => e.field)).toEqual(["channelIds"]);
    const list = await (await edgeFetch("/v1/me/favorites", { token })).json<{
      channels: { id: string }[];
    }>();
    expect(list.channels.map((c) => c.id)).toEqual([a]);
  });

  it("validates the replacement body", async () => {
    const { accessToken: token } = await signUp();
    const a = await createChannel();
    const put = (init: object) => edgeFetch("/v1/me/favorites", { method: "PUT", token, ...init });
    expect((await problem(await put({ json: { channelIds: [a, a] } }), 400)).errors?.[0]?.field).toBe(
      "channelIds",
    );
    expect((await problem(await put({ json: { channelIds: "all" } }), 400)).errors?.[0]?.field).toBe(
      "channelIds",
    );
    expect((await problem(await put({ json: { channelIds: ["nope"] } }), 400)).errors?.[0]?.field).toBe(
      "channelIds.0",
    );
    await problem(await put({ json: { channelIds: [], extra: 1 } }), 400);
    await problem(await put({ body: "{not json", headers: { "content-type": "application/json" } }), 400);
    await problem(await put({ body: "channelIds=1", headers: { "content-type": "text/plain" } }), 415);
    const huge = { channelIds: [], pad: "x".repeat(70 * 1024) };
    await problem(await put({ json: huge }), 413);
  });
});

describe("favourites under concurrent writes", () => {
  it("the same replacement sent 10 times at once: every answer is 200, the list is whole", async () => {
    const { accessToken: token } = await signUp();
    const ids = [await createChannel(), await createChannel(), await createChannel()];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        edgeFetch("/v1/me/favorites", {
          method: "PUT",
          token,
          // Different orders, so the writes really conflict row by row.
          json: { channelIds: i % 2 ? ids : [...ids].reverse() },
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    const list = await (await edgeFetch("/v1/me/favorites", { token })).json<{
      channels: { id: string }[];
    }>();
    expect(list.channels.map((c) => c.id).sort()).toEqual([...ids].sort());
  });

  it("adds of different channels at once: all kept, each at its own position", async () => {
    const { accessToken: token, user } = await signUp();
    const ids = await Promise.all(Array.from({ length: 5 }, () => createChannel()));
    const answers = await Promise.all(
      ids.map((id) => edgeFetch(`/v1/me/favorites/${id}`, { method: "PUT", token })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(5).fill(200));
    const rows = await sql<{ channel_id: string; position: number }>(
      "select channel_id, position from favorites where user_id = $1 order by position",
      [user.id],
    );
    expect(rows.map((r) => r.channel_id).sort()).toEqual([...ids].sort());
    expect(rows.map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
  });
});

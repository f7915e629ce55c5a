import { describe, expect, it } from "vitest";
import {
  adminToken,
  context,
  createChannel,
  edgeFetch,
  signToken,
  signUp,
} from "../../test/worker-harness.ts";

describe("a valid token of a deleted account", () => {
  it("answers 401 problem+json on every route that acts on the account, never 500", async () => {
    const { accessToken: token, user } = await signUp();
    const channel = await createChannel();
    expect((await edgeFetch(`/v1/me/favorites/${channel}`, { method: "PUT", token })).status).toBe(200);
    expect((await edgeFetch("/v1/me", { token })).status).toBe(200); // now in the per-user cache too
    // Erased through the admin API, which also drops the account's per-user cache entries.
    const erased = await fetch(`${context.bindings.ORIGIN_URL}/v1/admin/users/${user.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${await adminToken()}` },
    });
    expect(erased.status).toBe(204);

    const attempts: [string, string, unknown?][] = [
      ["GET", "/v1/me"],
      ["GET", "/v1/me/favorites"],
      ["PUT", "/v1/me/favorites", { channelIds: [channel] }],
      ["PUT", `/v1/me/favorites/${channel}`],
      ["DELETE", `/v1/me/favorites/${channel}`],
      ["POST", `/v1/channels/${channel}/playback`],
    ];
    for (const [method, path, json] of attempts) {
      const res = await edgeFetch(path, { method, token, ...(json ? { json } : {}) });
      expect({ route: `${method} ${path}`, status: res.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("a token whose account was never created is refused the same way", async () => {
    const { accessToken: real } = await signUp();
    expect((await edgeFetch("/v1/me/favorites", { token: real })).status).toBe(200);
    const stranger = await signToken({ sub: crypto.randomUUID() });
    expect((await edgeFetch("/v1/me/favorites", { token: stranger })).status).toBe(401);
  });
});

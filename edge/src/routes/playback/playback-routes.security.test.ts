import type { PlaybackResponse } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import { startPlayback, startSession } from "../../../test/playback-requests.ts";
import { createChannel, edgeFetch, signToken, signUp } from "../../../test/worker-harness.ts";

describe("playback security", () => {
  it("requires a valid access token on every playback route (401 with a challenge)", async () => {
    const channel = await createChannel();
    const session = crypto.randomUUID();
    const expired = await signToken({}, { expiresIn: -60 });
    const requests: [string, string][] = [
      ["POST", `/v1/channels/${channel}/playback`],
      ["POST", `/v1/playback/${session}/heartbeat`],
      ["DELETE", `/v1/playback/${session}`],
    ];
    for (const [method, path] of requests) {
      for (const token of [undefined, "garbage.token.here", expired]) {
        const res = await edgeFetch(path, { method, token, cf: { country: "DE" } });
        expect(res.status, `${method} ${path} with ${token ?? "no token"}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect(res.headers.getSetCookie()).toEqual([]);
      }
    }
  });

  it("does not let another account heartbeat or end my session, and my session survives the attempt", async () => {
    const me = await signUp();
    const intruder = await signUp();
    const { sessionId } = await startSession(me.accessToken, await createChannel());

    const heartbeat = await edgeFetch(`/v1/playback/${sessionId}/heartbeat`, {
      method: "POST",
      token: intruder.accessToken,
    });
    expect(heartbeat.status).toBe(404);
    expect(heartbeat.headers.getSetCookie()).toEqual([]);
    expect(
      (await edgeFetch(`/v1/playback/${sessionId}`, { method: "DELETE", token: intruder.accessToken }))
        .status,
    ).toBe(404);

    expect(
      (await edgeFetch(`/v1/playback/${sessionId}/heartbeat`, { method: "POST", token: me.accessToken }))
        .status,
    ).toBe(200);
  });

  it("never signs a policy wider than the channel's own folder", async () => {
    const { accessToken } = await signUp();
    const res = await startPlayback(accessToken, await createChannel());
    const { url } = await res.json<PlaybackResponse>();
    const policy = new URL(url).searchParams.get("Policy") ?? "";
    const json = atob(policy.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"));
    const resource: string = JSON.parse(json).Statement[0].Resource;
    expect(resource).toMatch(/^http:\/\/127\.0\.0\.1:8790\/live\/t-[0-9a-f]{8}\/\*$/);
  });
});

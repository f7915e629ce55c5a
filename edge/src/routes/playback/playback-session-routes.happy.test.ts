import type { HeartbeatResponse, PlaybackResponse } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import {
  decodePolicy,
  parseSetCookies,
  verifiesWithPublicKey,
} from "../../../test/cloudfront-test-support.ts";
import { createChannel, edgeFetch, edgeFetchWith, signUp } from "../../../test/worker-harness.ts";

const start = async (token: string, channelId: string) => {
  const res = await edgeFetch(`/v1/channels/${channelId}/playback`, {
    method: "POST",
    token,
    cf: { country: "DE" },
  });
  expect(res.status).toBe(200);
  return res.json<PlaybackResponse>();
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("playback sessions", () => {
  it("a heartbeat extends the session and renews the signed access for the same channel", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const session = await start(accessToken, channel);
    const res = await edgeFetch(`/v1/playback/${session.sessionId}/heartbeat`, {
      method: "POST",
      token: accessToken,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = await res.json<HeartbeatResponse>();
    expect(body.sessionId).toBe(session.sessionId);
    expect(Date.parse(body.sessionExpiresAt)).toBeGreaterThanOrEqual(Date.parse(session.sessionExpiresAt));
    expect(new URL(body.url).pathname).toBe(new URL(session.url).pathname);
    const cookies = parseSetCookies(res.headers);
    const policy = decodePolicy(cookies.get("CloudFront-Policy")!.value);
    expect(await verifiesWithPublicKey(policy, cookies.get("CloudFront-Signature")!.value)).toBe(true);
    expect(JSON.parse(policy).Statement[0].Condition.DateLessThan["AWS:EpochTime"] * 1000).toBe(
      Date.parse(body.expiresAt),
    );
  });

  it("keeps a heartbeating session past its first expiry while a silent one lapses (TTL 2 s)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const ttl = { STREAM_SESSION_TTL_SECONDS: "2" };
    const startShort = async () =>
      (
        await edgeFetchWith(ttl, `/v1/channels/${channel}/playback`, {
          method: "POST",
          token: accessToken,
          cf: { country: "DE" },
        })
      ).json() as PlaybackResponse;
    const heartbeat = (id: string) =>
      edgeFetchWith(ttl, `/v1/playback/${id}/heartbeat`, { method: "POST", token: accessToken });
    const kept = await startShort();
    const silent = await startShort();

    await sleep(1_200); // waiting for a TTL, not asserting timing
    expect((await heartbeat(kept.sessionId)).status).toBe(200);
    await sleep(1_200); // now past both sessions' first expiry
    expect((await heartbeat(kept.sessionId)).status).toBe(200);
    expect((await heartbeat(silent.sessionId)).status).toBe(404);
  });

  it("DELETE ends a session: 204, then it is gone", async () => {
    const { accessToken } = await signUp();
    const session = await start(accessToken, await createChannel());
    const del = await edgeFetch(`/v1/playback/${session.sessionId}`, {
      method: "DELETE",
      token: accessToken,
    });
    expect(del.status).toBe(204);
    const again = await edgeFetch(`/v1/playback/${session.sessionId}/heartbeat`, {
      method: "POST",
      token: accessToken,
    });
    expect(again.status).toBe(404);
  });

  it("lists every playback route in the OpenAPI document with bearer auth, 429 and 451", async () => {
    const doc = await (await edgeFetch("/v1/openapi.json")).json<{
      paths: Record<
        string,
        Record<string, { tags: string[]; security: unknown[]; responses: Record<string, unknown> }>
      >;
    }>();
    const start = doc.paths["/v1/channels/{id}/playback"]?.post;
    expect(start?.tags).toEqual(["Playback"]);
    expect(start?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(start?.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "401", "404", "429", "451"]),
    );
    expect(doc.paths["/v1/playback/{sessionId}/heartbeat"]?.post?.tags).toEqual(["Playback"]);
    expect(doc.paths["/v1/playback/{sessionId}"]?.delete?.security).toEqual([{ bearerAuth: [] }]);
  });
});

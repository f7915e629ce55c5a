/**
 * Viewing rights against the whole stack: the country comes from `request.cf.country`, which
 * wrangler dev lets a request set with the MF-CF-Blob header (production Cloudflare ignores it),
 * so a viewer can move between countries mid-stream; and a catch-up grant from the real edge opens
 * its window on the real local CDN and nothing else.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { activeChannels, newViewer } from "./support/api-client.ts";

const stack = inject("stack");

const from = (country: string) => ({ "MF-CF-Blob": JSON.stringify({ country, clientAcceptEncoding: "" }) });

describe.skipIf(!stack)("viewing rights over the whole stack", () => {
  const { edgeUrl, requirements } = stack ?? ({} as NonNullable<typeof stack>);
  let viewer: Awaited<ReturnType<typeof newViewer>>;
  let channels: Awaited<ReturnType<typeof activeChannels>>;
  const sessions: string[] = [];

  beforeAll(async () => {
    viewer = await newViewer(edgeUrl, "rights");
    channels = await activeChannels(edgeUrl);
  });
  afterAll(async () => {
    for (const sessionId of sessions) {
      await viewer.api.DELETE("/v1/playback/{sessionId}", { params: { path: { sessionId } } });
    }
  });
  const named = (name: string) => {
    const channel = channels.find((c) => c.name === name);
    if (!channel) throw new Error(`the demo line-up has no ${name}`);
    return channel;
  };

  test("a viewer who starts SEEYOO Sport in Germany and heartbeats from France is cut off (451, no signature)", async () => {
    const sport = named("SEEYOO Sport");
    const started = await viewer.api.POST("/v1/channels/{id}/playback", {
      params: { path: { id: sport.id } },
      headers: from("DE"),
    });
    expect(started.response.status).toBe(200);
    const sessionId = started.data?.sessionId as string;
    sessions.push(sessionId);

    const inGermany = await viewer.api.POST("/v1/playback/{sessionId}/heartbeat", {
      params: { path: { sessionId } },
      headers: from("DE"),
    });
    expect(inGermany.response.status).toBe(200);
    const inFrance = await viewer.api.POST("/v1/playback/{sessionId}/heartbeat", {
      params: { path: { sessionId } },
      headers: from("FR"),
    });
    expect(inFrance.response.status).toBe(451);
    expect(inFrance.response.headers.get("set-cookie")).toBeNull();
    expect(inFrance.error).toMatchObject({ type: "https://seeyoo.tv/problems/geo-blocked" });
    const after = await viewer.api.POST("/v1/playback/{sessionId}/heartbeat", {
      params: { path: { sessionId } },
      headers: from("DE"),
    });
    expect(after.response.status).toBe(404);
  });

  test("a catch-up grant opens its window on the CDN, and neither live nor another window", async () => {
    const one = named("SEEYOO One");
    const { data: now } = await viewer.api.GET("/v1/epg/now");
    const onAir = now?.channels.find((c) => c.channelId === one.id)?.now;
    expect(onAir).toBeTruthy();
    // The programme before the one on air has ended: catch-up.
    const started = await viewer.api.POST("/v1/channels/{id}/playback", {
      params: { path: { id: one.id } },
      body: { startAt: new Date(Date.parse(onAir?.start as string) - 60_000).toISOString() },
    });
    expect(started.response.status).toBe(200);
    const grant = started.data as NonNullable<typeof started.data>;
    sessions.push(grant.sessionId);
    expect(grant.kind).toBe("catchup");

    const url = new URL(grant.url);
    const signature = ["Policy", "Signature", "Key-Pair-Id"]
      .map((name) => `${name}=${encodeURIComponent(url.searchParams.get(name) ?? "")}`)
      .join("&");
    const folder = `${url.origin}${url.pathname.replace(/master\.m3u8$/, "")}`;
    const window = url.search
      .slice(1)
      .split("&")
      .filter((p) => /^(start|end)=/.test(p))
      .join("&");

    if (requirements.ffmpeg) {
      const master = await fetch(url);
      expect(master.status).toBe(200);
      const rendition = (await master.text()).split("\n").find((l) => l.endsWith(window)) as string;
      expect(rendition).toBeTruthy();
      const playlist = await fetch(`${folder}${rendition}&${signature}`);
      expect(playlist.status).toBe(200);
      expect((await playlist.text()).trimEnd().endsWith("#EXT-X-ENDLIST")).toBe(true);
    }
    const start = new URLSearchParams(window).get("start") as string;
    for (const outside of [
      `${folder}master.m3u8?${signature}`, // live
      `${folder}master.m3u8?start=${encodeURIComponent(start)}&${signature}`, // restart from the same start
      `${folder}master.m3u8?x=1&${window}&${signature}`, // the window, with something in front
    ]) {
      const res = await fetch(outside);
      expect([400, 403], outside).toContain(res.status);
      expect(res.status === 403 || !(await res.text()).startsWith("#EXTM3U")).toBe(true);
    }
  });
});

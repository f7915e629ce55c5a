/**
 * The playback API as the apps call it, for the playback tests: start a stream (live without a
 * body; a programme or an instant with `json`), heartbeat it and end it. `country` is what
 * Cloudflare says the viewer's country is (Germany unless a test says otherwise; null: unknown).
 */
import type { PlaybackResponse } from "@seeyoo/schema/wire";
import { edgeFetch } from "./worker-harness.ts";

type Country = string | null;

const fromCountry = (country: Country) => (country ? { cf: { country } } : {});

export function startPlayback(
  token: string,
  channelId: string,
  {
    country = "DE",
    ...request
  }: { country?: Country; json?: unknown; body?: string; headers?: HeadersInit } = {},
): Promise<Response> {
  return edgeFetch(`/v1/channels/${channelId}/playback`, {
    method: "POST",
    token,
    ...fromCountry(country),
    ...request,
  });
}

/** Starts a stream (as startPlayback) and reads the grant: its session, URL and window. */
export const startSession = async (...args: Parameters<typeof startPlayback>) =>
  (await startPlayback(...args)).json<PlaybackResponse>();

export const heartbeat = (token: string, sessionId: string, country: Country = "DE") =>
  edgeFetch(`/v1/playback/${sessionId}/heartbeat`, { method: "POST", token, ...fromCountry(country) });

export const endPlayback = (token: string, sessionId: string) =>
  edgeFetch(`/v1/playback/${sessionId}`, { method: "DELETE", token });

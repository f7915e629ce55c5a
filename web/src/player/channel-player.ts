/**
 * Plays one channel — live, restarted from a programme's start, or a past programme (catch-up):
 * starts a playback session, attaches the stream (hls.js over Media Source Extensions wherever they
 * exist; the browser's own HLS otherwise, e.g. iPhones without MSE), keeps the session alive with
 * heartbeats, and ends it when stopping, switching or leaving. It also tells where the playhead is
 * on the wall clock (the playlists' PROGRAM-DATE-TIME), for the seek bar.
 */
import type Hls from "hls.js/light";
import { api, type paths } from "../api/api-client.ts";
import { attempt, type Failure } from "../api/api-outcome.ts";
import { SignedQuery } from "./signed-query.ts";

export type Engine = "hls.js" | "native";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
type StartPlayback = paths["/v1/channels/{id}/playback"]["post"];
/** What to play: nothing for live, `{ programmeId }` or `{ startAt }` for restart / catch-up. */
export type PlaybackRequest = NonNullable<StartPlayback["requestBody"]>["content"]["application/json"];
export type Grant = Json<StartPlayback["responses"][200]>;
export type PlaybackKind = Grant["kind"];

export interface PlayerEvents {
  /** Playback could not start or was cut off (a refused heartbeat: rights, country). */
  onFailure(failure: Failure): void;
  /** The stream broke down in the media pipeline (not an API answer). */
  onStreamError(detail: string): void;
  /** The server ended the session (expired or stopped elsewhere). */
  onSessionLost(): void;
}

/** The seekable stretch and the playhead, in epoch milliseconds (wall clock of the broadcast). */
export interface Timeline {
  startMs: number;
  endMs: number;
  playheadMs: number;
  /** True while the end keeps growing (live and restart); false for a finished catch-up. */
  growing: boolean;
}

interface ActiveSession {
  sessionId: string;
  grant: Grant;
  heartbeat: ReturnType<typeof setInterval>;
  signedQuery: SignedQuery;
  hls: Hls | null;
}

const HLS_MIME = "application/vnd.apple.mpegurl";
/** A player this close to the end of a growing stream is at the live edge. */
const LIVE_EDGE_SLACK_MS = 15_000;

function preferredEngine(video: HTMLVideoElement): Engine | null {
  const forced = new URLSearchParams(location.search).get("engine");
  if (forced === "native" || forced === "hls.js") return forced;
  const hasMse = "MediaSource" in window || "ManagedMediaSource" in window;
  if (hasMse) return "hls.js";
  return video.canPlayType(HLS_MIME) ? "native" : null;
}

export class ChannelPlayer {
  private active: ActiveSession | null = null;
  private generation = 0;
  private readonly video: HTMLVideoElement;
  private readonly events: PlayerEvents;

  constructor(video: HTMLVideoElement, events: PlayerEvents) {
    this.video = video;
    this.events = events;
    // Leaving the page frees the stream slot at once (keepalive outlives the page).
    addEventListener("pagehide", () => void this.stop());
  }

  get sessionId(): string | null {
    return this.active?.sessionId ?? null;
  }

  /** What the current session plays (kind, programme, window), or null. */
  get grant(): Grant | null {
    return this.active?.grant ?? null;
  }

  /** Starts `channelId` (live, or what `request` names); resolves null when the API refused (reported). */
  async play(channelId: string, request?: PlaybackRequest): Promise<Grant | null> {
    await this.stop();
    const generation = ++this.generation;
    const outcome = await attempt(() =>
      api.POST("/v1/channels/{id}/playback", {
        params: { path: { id: channelId } },
        ...(request ? { body: request } : {}),
      }),
    );
    if (generation !== this.generation) {
      // Switched again while this one was starting: give its slot back.
      if (outcome.ok) void this.endSession(outcome.data.sessionId);
      return null;
    }
    if (!outcome.ok) {
      this.events.onFailure(outcome.failure);
      return null;
    }
    const grant = outcome.data;
    const session: ActiveSession = {
      sessionId: grant.sessionId,
      grant,
      signedQuery: new SignedQuery(grant.url),
      hls: null,
      heartbeat: setInterval(() => void this.beat(session), grant.heartbeatIntervalSeconds * 1000),
    };
    this.active = session;
    this.video.dataset.kind = grant.kind;
    await this.attach(session, grant.url);
    // Playback itself starts when the first segments arrive; the caller can show what it got now.
    void this.video.play().catch(() => {
      // Autoplay refused (no user gesture yet): the controls let the viewer start it.
    });
    return grant;
  }

  async stop(): Promise<void> {
    this.generation++;
    const session = this.active;
    this.active = null;
    if (!session) return;
    clearInterval(session.heartbeat);
    session.hls?.destroy();
    this.video.pause();
    this.video.removeAttribute("src");
    this.video.load();
    delete this.video.dataset.engine;
    delete this.video.dataset.kind;
    await this.endSession(session.sessionId);
  }

  /** Where the playhead is within what can be seeked, on the broadcast's clock; null before playback. */
  timeline(): Timeline | null {
    const session = this.active;
    const { video } = this;
    if (!session || video.seekable.length === 0) return null;
    const playhead = session.hls ? session.hls.playingDate : nativePlayingDate(video);
    if (!playhead || Number.isNaN(playhead.getTime())) return null;
    // The media timeline and the wall clock differ by a constant: PROGRAM-DATE-TIME maps one onto the other.
    const offsetMs = playhead.getTime() - video.currentTime * 1000;
    return {
      startMs: video.seekable.start(0) * 1000 + offsetMs,
      endMs: video.seekable.end(video.seekable.length - 1) * 1000 + offsetMs,
      playheadMs: playhead.getTime(),
      growing: session.grant.kind !== "catchup",
    };
  }

  /** Whether the playhead sits at the live edge of a growing stream. */
  atLiveEdge(): boolean {
    const timeline = this.timeline();
    if (!timeline?.growing) return false;
    return timeline.endMs - timeline.playheadMs < LIVE_EDGE_SLACK_MS;
  }

  /** Moves the playhead to the broadcast instant `ms`, kept inside what can be seeked. */
  seekTo(ms: number): void {
    const timeline = this.timeline();
    if (!timeline) return;
    const target = Math.min(Math.max(ms, timeline.startMs), timeline.endMs);
    this.video.currentTime += (target - timeline.playheadMs) / 1000;
  }

  /** Back to the live edge (hls.js's sync point, a few segments behind the newest). */
  goLive(): void {
    const session = this.active;
    const { video } = this;
    if (!session || video.seekable.length === 0) return;
    const edge = session.hls?.liveSyncPosition ?? video.seekable.end(video.seekable.length - 1) - 6;
    video.currentTime = Math.max(edge, video.seekable.start(0));
    void video.play().catch(() => undefined);
  }

  private async endSession(sessionId: string): Promise<void> {
    await attempt(() =>
      api.DELETE("/v1/playback/{sessionId}", { params: { path: { sessionId } }, keepalive: true }),
    );
  }

  private async beat(session: ActiveSession): Promise<void> {
    const outcome = await attempt(() =>
      api.POST("/v1/playback/{sessionId}/heartbeat", { params: { path: { sessionId: session.sessionId } } }),
    );
    if (this.active !== session) return;
    if (outcome.ok) {
      session.signedQuery.renew(outcome.data.url);
      return;
    }
    if (outcome.failure.kind !== "problem") return; // offline: keep playing on the access we have
    const { status } = outcome.failure;
    if (status === 404) {
      await this.stop();
      this.events.onSessionLost();
    } else if (status === 403 || status === 451) {
      // The rights no longer hold (withdrawn, or the viewer is now elsewhere): the session is over.
      await this.stop();
      this.events.onFailure(outcome.failure);
    }
    // 503: keep playing on the access we have and try again at the next beat.
  }

  private async attach(session: ActiveSession, url: string): Promise<void> {
    const engine = preferredEngine(this.video);
    if (engine === null) {
      this.events.onStreamError("This browser cannot play live streams.");
      return;
    }
    this.video.dataset.engine = engine;
    if (engine === "native") {
      // The browser fetches the renditions itself; the signed cookies set by the API cover them.
      this.video.src = url;
    } else {
      const { default: HlsJs } = await import("hls.js/light");
      if (this.active !== session) return;
      const hls = new HlsJs({
        lowLatencyMode: false,
        // Restart and catch-up begin at the window's start; live begins at the live edge.
        startPosition: session.grant.kind === "live" ? -1 : 0,
        xhrSetup: (xhr, requestUrl) => xhr.open("GET", session.signedQuery.sign(requestUrl), true),
        fetchSetup: (context, init) => new Request(session.signedQuery.sign(context.url), init),
      });
      session.hls = hls;
      let mediaRecoveries = 0;
      hls.on(HlsJs.Events.ERROR, (_event, data) => {
        if (!data.fatal) return;
        if (data.type === HlsJs.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 2) {
          hls.recoverMediaError();
          return;
        }
        this.video.dataset.fatalError = `${data.type}: ${data.details}`;
        this.events.onStreamError(`The stream stopped (${data.details}).`);
      });
      hls.loadSource(session.signedQuery.sign(url));
      hls.attachMedia(this.video);
    }
  }
}

/** Safari's own HLS exposes the first PROGRAM-DATE-TIME as the media's start date. */
function nativePlayingDate(video: HTMLVideoElement): Date | null {
  const start = (video as HTMLVideoElement & { getStartDate?: () => Date }).getStartDate?.();
  if (!start || Number.isNaN(start.getTime())) return null;
  return new Date(start.getTime() + video.currentTime * 1000);
}

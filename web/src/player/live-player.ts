/**
 * Plays one channel live: starts a playback session, attaches the stream (hls.js over Media
 * Source Extensions wherever they exist; the browser's own HLS otherwise, e.g. iPhones without
 * MSE), keeps the session alive with heartbeats, and ends it when stopping, switching or leaving.
 */
import type Hls from "hls.js/light";
import { api } from "../api/api-client.ts";
import { attempt, type Failure } from "../api/api-outcome.ts";
import { SignedQuery } from "./signed-query.ts";

export type Engine = "hls.js" | "native";

export interface PlayerEvents {
  /** Playback could not start or was cut off. */
  onFailure(failure: Failure): void;
  /** The stream broke down in the media pipeline (not an API answer). */
  onStreamError(detail: string): void;
  /** The server ended the session (expired or stopped elsewhere). */
  onSessionLost(): void;
}

interface ActiveSession {
  sessionId: string;
  heartbeat: ReturnType<typeof setInterval>;
  signedQuery: SignedQuery;
  hls: Hls | null;
}

const HLS_MIME = "application/vnd.apple.mpegurl";

function preferredEngine(video: HTMLVideoElement): Engine | null {
  const forced = new URLSearchParams(location.search).get("engine");
  if (forced === "native" || forced === "hls.js") return forced;
  const hasMse = "MediaSource" in window || "ManagedMediaSource" in window;
  if (hasMse) return "hls.js";
  return video.canPlayType(HLS_MIME) ? "native" : null;
}

export class LivePlayer {
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

  /** Starts `channelId`; resolves false when the API refused (the failure was reported). */
  async play(channelId: string): Promise<boolean> {
    await this.stop();
    const generation = ++this.generation;
    const outcome = await attempt(() =>
      api.POST("/v1/channels/{id}/playback", { params: { path: { id: channelId } } }),
    );
    if (generation !== this.generation) {
      // Switched again while this one was starting: give its slot back.
      if (outcome.ok) void this.endSession(outcome.data.sessionId);
      return false;
    }
    if (!outcome.ok) {
      this.events.onFailure(outcome.failure);
      return false;
    }
    const grant = outcome.data;
    const signedQuery = new SignedQuery(grant.url);
    const session: ActiveSession = {
      sessionId: grant.sessionId,
      signedQuery,
      hls: null,
      heartbeat: setInterval(() => void this.beat(session), grant.heartbeatIntervalSeconds * 1000),
    };
    this.active = session;
    await this.attach(session, grant.url);
    return true;
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
    await this.endSession(session.sessionId);
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
    if (outcome.failure.kind === "problem" && outcome.failure.status === 404) {
      await this.stop();
      this.events.onSessionLost();
    }
    // Offline or 503: keep playing on the access we have and try again at the next beat.
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
    try {
      await this.video.play();
    } catch {
      // Autoplay refused (no user gesture yet): the controls let the viewer start it.
    }
  }
}

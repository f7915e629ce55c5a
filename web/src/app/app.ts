/**
 * The player's shell: header, one notice line, the video panel and the current view
 * (sign-in, channels, guide or devices), switched by the URL path so links and reloads land where
 * they were.
 */
import { ProblemType } from "@seeyoo/schema/wire";
import type { Failure, Outcome } from "../api/api-outcome.ts";
import { type FailureMessage, failureMessage } from "../api/failure-message.ts";
import { type Device, loadDevices, signOutDevice, signOutOtherDevices } from "../auth/devices.ts";
import { session } from "../auth/session.ts";
import {
  addFavorite,
  type Channel,
  loadChannels,
  loadFavorites,
  loadNowNext,
  type NowNext,
  removeFavorite,
  reorderFavorites,
} from "../catalog/catalog.ts";
import { timeShiftAction } from "../catalog/replay-rights.ts";
import { ChannelPlayer, type Grant, type PlaybackRequest } from "../player/channel-player.ts";
import { SeekBar } from "../player/seek-bar.ts";
import { authView } from "../views/auth-view.ts";
import { channelListView } from "../views/channel-list-view.ts";
import { devicesView } from "../views/devices-view.ts";
import { guideView } from "../views/guide-view.ts";
import { searchView } from "../views/search-view.ts";
import { h, mount } from "./dom.ts";

type Route = "/" | "/guide" | "/search" | "/devices" | "/signin";
const NOW_NEXT_REFRESH_MS = 60_000;

export class App {
  private channels: Channel[] = [];
  private favorites: Channel[] = [];
  private nowNext = new Map<string, NowNext>();
  private playing: Channel | null = null;
  private nowNextTimer: ReturnType<typeof setInterval> | undefined;

  private readonly notice = h("div", {
    class: "notice",
    role: "status",
    "data-testid": "notice",
    hidden: true,
  });
  private readonly view = h("main", { id: "view" });
  private readonly nav = h("nav", { class: "tabs", "aria-label": "Sections" });
  private readonly account = h("div", { class: "account" });
  private readonly video = h("video", {
    controls: true,
    playsinline: true,
    autoplay: true,
    preload: "none",
    "data-testid": "video",
  });
  private readonly playerTitle = h("span", { class: "player-title", "data-testid": "player-title" });
  private readonly playerKind = h("span", { class: "player-kind muted", "data-testid": "player-kind" });
  private readonly watchFromStart = h(
    "button",
    {
      class: "secondary",
      hidden: true,
      "data-testid": "watch-from-start",
      onclick: () => void this.restartPlaying(),
    },
    "↺ From start",
  );
  private readonly player = new ChannelPlayer(this.video, {
    onFailure: (failure) => this.playbackFailed(failure),
    onStreamError: (detail) => this.say({ code: "stream-error", text: detail }),
    onSessionLost: () => {
      this.playerPanel.hidden = true;
      this.seekBar.hide();
      this.playing = null;
      this.say({
        code: "session-ended",
        text: "Playback ended: the stream session expired. Tap the channel to resume.",
      });
    },
  });

  private readonly seekBar = new SeekBar(this.player);
  private readonly playerPanel = h(
    "section",
    { class: "player", hidden: true, "aria-label": "Player", "data-testid": "player" },
    this.video,
    this.seekBar.element,
    h(
      "div",
      { class: "player-bar" },
      h("span", { class: "player-heading" }, this.playerTitle, this.playerKind),
      h(
        "span",
        { class: "player-actions" },
        this.watchFromStart,
        h(
          "button",
          { class: "secondary", "data-testid": "stop", onclick: () => void this.stopPlayback() },
          "Stop",
        ),
      ),
    ),
  );

  constructor(root: HTMLElement) {
    mount(
      root,
      h(
        "header",
        { class: "top" },
        h("a", { class: "brand", href: "/", "data-link": "" }, "SEEYOO"),
        this.nav,
        this.account,
      ),
      this.notice,
      this.playerPanel,
      this.view,
    );
    root.addEventListener("click", (event) => {
      const link = (event.target as Element).closest("a[data-link]");
      if (!link) return;
      event.preventDefault();
      this.go(new URL((link as HTMLAnchorElement).href).pathname as Route);
    });
    addEventListener("popstate", () => void this.render());
    addEventListener("offline", () => this.say(failureMessage({ kind: "offline" })));
    addEventListener("online", () => {
      if (this.notice.dataset.code === "offline") this.say(null);
      void this.render();
    });
    session.onExpired(() => {
      void this.player.stop();
      this.seekBar.hide();
      this.playerPanel.hidden = true;
      this.go(
        "/signin",
        failureMessage({ kind: "problem", status: 401, problem: sessionExpired, retryAfterSeconds: null }),
      );
    });
  }

  async start(): Promise<void> {
    if (!navigator.onLine) this.say(failureMessage({ kind: "offline" }));
    const hadSession = session.user() !== null;
    // A dead refresh token has already sent the viewer to sign-in, with the reason.
    if (hadSession && !(await session.resume())) return;
    await this.render();
  }

  private go(route: Route, notice?: FailureMessage): void {
    if (location.pathname !== route) history.pushState(null, "", route);
    void this.render(notice);
  }

  private route(): Route {
    const path = location.pathname;
    if (!session.user()) return "/signin";
    return path === "/guide" || path === "/search" || path === "/devices" ? path : "/";
  }

  private async render(notice?: FailureMessage): Promise<void> {
    const route = this.route();
    if (location.pathname !== route) history.replaceState(null, "", route);
    this.renderHeader(route);
    clearInterval(this.nowNextTimer);
    if (route === "/signin") {
      mount(
        this.view,
        authView(
          {
            signIn: (email, password) => session.signIn(email, password),
            signUp: (name, email, password) => session.signUp(name, email, password),
            done: () => {
              this.say(null);
              this.go("/");
            },
          },
          notice,
        ),
      );
      return;
    }
    if (notice) this.say(notice);
    if (route === "/devices") return this.renderDevices();
    if (!(await this.loadLineUp())) return;
    if (route === "/search") {
      mount(
        this.view,
        searchView({
          open: (channel) => {
            this.go("/");
            void this.play(channel);
          },
          failed: (failure) => this.explain(failure),
        }),
      );
    } else if (route === "/guide") {
      mount(
        this.view,
        guideView(this.favoritesFirst(), {
          play: (channel, request) => {
            this.go("/");
            void this.play(channel, request);
          },
          failed: (failure) => this.explain(failure),
        }),
      );
    } else {
      this.renderChannels();
      this.nowNextTimer = setInterval(() => void this.refreshNowNext(), NOW_NEXT_REFRESH_MS);
    }
  }

  private renderHeader(route: Route): void {
    const user = session.user();
    mount(
      this.nav,
      user && [
        h("a", { href: "/", "data-link": "", "aria-current": String(route === "/") }, "Channels"),
        h(
          "a",
          {
            href: "/guide",
            "data-link": "",
            "aria-current": String(route === "/guide"),
            "data-testid": "nav-guide",
          },
          "Guide",
        ),
        h(
          "a",
          {
            href: "/search",
            "data-link": "",
            "aria-current": String(route === "/search"),
            "data-testid": "nav-search",
          },
          "Search",
        ),
        h(
          "a",
          {
            href: "/devices",
            "data-link": "",
            "aria-current": String(route === "/devices"),
            "data-testid": "nav-devices",
          },
          "Devices",
        ),
      ],
    );
    mount(
      this.account,
      user && [
        h("span", { class: "muted user", "data-testid": "user-name" }, user.name),
        h(
          "button",
          { class: "link", "data-testid": "sign-out", onclick: () => void this.signOut() },
          "Sign out",
        ),
      ],
    );
  }

  private async renderDevices(): Promise<void> {
    const outcome = await loadDevices();
    if (location.pathname !== "/devices") return;
    if (!outcome.ok) {
      this.explain(outcome.failure);
      mount(this.view, h("p", { class: "muted" }, "Your devices could not be loaded."));
      return;
    }
    const done = async (signedOut: Promise<Outcome<unknown>>) => {
      const result = await signedOut;
      if (!result.ok) this.explain(result.failure);
      await this.renderDevices();
    };
    mount(
      this.view,
      devicesView(outcome.data, {
        signOut: (device: Device) => void done(signOutDevice(device.id)),
        signOutOthers: () => void done(signOutOtherDevices()),
      }),
    );
  }

  private async loadLineUp(): Promise<boolean> {
    const [channels, nowNext, favorites] = await Promise.all([
      loadChannels(),
      loadNowNext(),
      loadFavorites(),
    ]);
    if (!channels.ok) {
      this.explain(channels.failure);
      mount(this.view, h("p", { class: "muted" }, "The channel list could not be loaded."));
      return false;
    }
    this.channels = channels.data;
    if (nowNext.ok) this.nowNext = nowNext.data;
    if (favorites.ok) this.favorites = favorites.data;
    else this.explain(favorites.failure);
    return true;
  }

  private async refreshNowNext(): Promise<void> {
    const outcome = await loadNowNext();
    if (!outcome.ok || location.pathname !== "/") return;
    this.nowNext = outcome.data;
    this.renderChannels();
  }

  private favoritesFirst(): Channel[] {
    const ids = new Set(this.favorites.map((c) => c.id));
    return [...this.favorites, ...this.channels.filter((c) => !ids.has(c.id))];
  }

  private renderChannels(): void {
    mount(
      this.view,
      channelListView(
        {
          channels: this.channels,
          favorites: this.favorites,
          nowNext: this.nowNext,
          playingId: this.playing?.id ?? null,
        },
        {
          play: (channel) => void this.play(channel),
          toggleFavorite: (channel, isFavorite) => void this.toggleFavorite(channel, isFavorite),
          moveFavorite: (channel, delta) => void this.moveFavorite(channel, delta),
        },
      ),
    );
  }

  /** Plays `channel` live, or restarted / caught up when `request` names a programme or an instant. */
  private async play(channel: Channel, request?: PlaybackRequest): Promise<void> {
    this.say(null);
    this.playing = channel;
    this.playerTitle.textContent = `${channel.number} ${channel.name}`;
    this.showGrant(null);
    this.playerPanel.hidden = false;
    delete this.video.dataset.fatalError;
    if (location.pathname === "/") this.renderChannels();
    this.playerPanel.scrollIntoView({ block: "nearest" });
    const grant = await this.player.play(channel.id, request);
    if (grant && this.playing === channel) {
      this.showGrant(grant);
      this.seekBar.show();
    } else if (this.playing === channel && !this.player.sessionId) {
      this.playing = null;
      this.playerPanel.hidden = true;
      this.seekBar.hide();
      if (location.pathname === "/") this.renderChannels();
    }
  }

  /** Says what plays (live, from start, replay) and offers "From start" where the channel allows it. */
  private showGrant(grant: Grant | null): void {
    const title = grant?.programme?.title ?? "";
    this.playerKind.textContent =
      grant?.kind === "restart"
        ? ` · From start: ${title}`
        : grant?.kind === "catchup"
          ? ` · Replay: ${title}`
          : "";
    this.playerKind.dataset.kind = grant?.kind ?? "";
    const onAir = this.playing && this.nowNext.get(this.playing.id)?.now;
    this.watchFromStart.hidden = !(
      grant?.kind === "live" &&
      this.playing &&
      onAir &&
      timeShiftAction(this.playing, onAir) === "restart"
    );
  }

  private async restartPlaying(): Promise<void> {
    const channel = this.playing;
    const onAir = channel && this.nowNext.get(channel.id)?.now;
    if (channel && onAir) await this.play(channel, { programmeId: onAir.id });
  }

  private async stopPlayback(): Promise<void> {
    this.playing = null;
    this.playerPanel.hidden = true;
    this.seekBar.hide();
    await this.player.stop();
    if (location.pathname === "/") this.renderChannels();
  }

  /** A refused start, or a session ended because its rights no longer hold: say why, close the player. */
  private playbackFailed(failure: Failure): void {
    this.explain(failure, this.playing?.name);
    if (this.player.sessionId) return;
    this.playing = null;
    this.playerPanel.hidden = true;
    this.seekBar.hide();
    if (location.pathname === "/") this.renderChannels();
  }

  private async toggleFavorite(channel: Channel, isFavorite: boolean): Promise<void> {
    if (isFavorite) {
      const outcome = await removeFavorite(channel.id);
      if (!outcome.ok) return this.explain(outcome.failure);
      this.favorites = this.favorites.filter((c) => c.id !== channel.id);
    } else {
      const outcome = await addFavorite(channel.id);
      if (!outcome.ok) return this.explain(outcome.failure);
      this.favorites = outcome.data;
    }
    this.renderChannels();
  }

  private async moveFavorite(channel: Channel, delta: -1 | 1): Promise<void> {
    const ids = this.favorites.map((c) => c.id);
    const from = ids.indexOf(channel.id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to] as string, ids[from] as string];
    const outcome = await reorderFavorites(ids);
    if (!outcome.ok) return this.explain(outcome.failure);
    this.favorites = outcome.data;
    this.renderChannels();
  }

  private async signOut(): Promise<void> {
    await this.player.stop();
    this.playing = null;
    this.playerPanel.hidden = true;
    this.seekBar.hide();
    await session.signOut();
    this.say(null);
    this.go("/signin");
  }

  /** Shows why something failed; a dead session is handled by session.onExpired. */
  private explain(failure: Failure, subject?: string): void {
    const message = failureMessage(failure, subject);
    if (message.code === "session-expired") return;
    this.say(message);
  }

  private say(message: FailureMessage | null): void {
    this.notice.hidden = message === null;
    this.notice.textContent = message?.text ?? "";
    if (message) this.notice.dataset.code = message.code;
    else delete this.notice.dataset.code;
  }
}

const sessionExpired = {
  type: ProblemType.unauthorized,
  title: "Session expired",
  status: 401,
};

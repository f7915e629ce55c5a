/**
 * The seek bar under the video: the seekable stretch (live: the DVR window; restart: from the
 * programme's start to the live edge; catch-up: the programme) on the broadcast's clock, the
 * playhead on it, and a "Live" button that jumps back to the live edge of a growing stream. The
 * range's value is the playhead as epoch milliseconds, so it reads as a time, not an offset.
 */
import { h } from "../app/dom.ts";
import { formatClock } from "../app/time-format.ts";
import type { ChannelPlayer } from "./channel-player.ts";

const REFRESH_MS = 500;

function behind(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return `−${m}:${s}`;
}

export class SeekBar {
  readonly element: HTMLElement;
  private readonly range = h("input", {
    type: "range",
    step: "any",
    "aria-label": "Position in the broadcast",
    "data-testid": "seek-bar",
  });
  private readonly from = h("span", { class: "muted", "data-testid": "seek-from" });
  private readonly position = h("span", { class: "seek-position", "data-testid": "seek-position" });
  private readonly live = h(
    "button",
    { class: "secondary live-button", type: "button", "data-testid": "go-live" },
    "Live",
  );
  private readonly player: ChannelPlayer;
  private timer: ReturnType<typeof setInterval> | undefined;
  private dragging = false;

  constructor(player: ChannelPlayer) {
    this.player = player;
    this.element = h(
      "div",
      { class: "seek", hidden: true, "data-testid": "seek" },
      this.from,
      this.range,
      this.position,
      this.live,
    );
    this.range.addEventListener("pointerdown", () => {
      this.dragging = true;
    });
    this.range.addEventListener("change", () => {
      this.dragging = false;
      this.player.seekTo(Number(this.range.value));
      this.refresh();
    });
    this.live.addEventListener("click", () => {
      this.player.goLive();
      this.refresh();
    });
  }

  /** Follows the player until `hide()`. */
  show(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), REFRESH_MS);
    this.refresh();
  }

  hide(): void {
    clearInterval(this.timer);
    this.element.hidden = true;
  }

  private refresh(): void {
    const timeline = this.player.timeline();
    this.element.hidden = timeline === null;
    if (!timeline) return;
    this.range.min = String(timeline.startMs);
    this.range.max = String(timeline.endMs);
    if (!this.dragging) this.range.value = String(timeline.playheadMs);
    this.range.setAttribute("aria-valuetext", formatClock(new Date(timeline.playheadMs)));
    this.from.textContent = formatClock(new Date(timeline.startMs));
    const atEdge = this.player.atLiveEdge();
    this.element.dataset.atLiveEdge = String(atEdge);
    this.position.textContent = timeline.growing
      ? atEdge
        ? "Live"
        : behind(timeline.endMs - timeline.playheadMs)
      : `${formatClock(new Date(timeline.playheadMs))} / ${formatClock(new Date(timeline.endMs))}`;
    this.live.hidden = !timeline.growing;
    this.live.disabled = atEdge;
  }
}

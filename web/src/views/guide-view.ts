/**
 * The day grid: one row per channel (favourites first), programmes placed on a time axis, for
 * yesterday and the seven days ahead. Scrolls sideways on a phone; opens at the current hour. The
 * programme on air offers "From start" and past programmes say "Replay" where the channel's rights
 * allow it (replay-rights.ts); the others are plain entries.
 */
import type { Failure } from "../api/api-outcome.ts";
import { failureMessage } from "../api/failure-message.ts";
import { h, mount } from "../app/dom.ts";
import { formatClock, formatDay, localDayStart } from "../app/time-format.ts";
import { type Channel, loadGrid, type Programme } from "../catalog/catalog.ts";
import { timeShiftAction } from "../catalog/replay-rights.ts";
import type { PlaybackRequest } from "../player/channel-player.ts";
import { channelLogo } from "./channel-logo.ts";

const PX_PER_MINUTE = 4;
/** Yesterday (catch-up) to six days ahead. */
const FIRST_DAY = -1;
const LAST_DAY = 6;
const MAX_WINDOW_MS = 24 * 3_600_000; // the API's grid limit (a 25-hour DST day is cut short)
const MAX_CHANNELS = 100;

export interface GuideActions {
  /** Live without a request; restart or replay of a programme with one. */
  play(channel: Channel, request?: PlaybackRequest): void;
  failed(failure: Failure): void;
}

function programmeEntry(channel: Channel, p: Programme, style: string, actions: GuideActions): HTMLElement {
  const now = Date.now();
  const live = Date.parse(p.start) <= now && now < Date.parse(p.end);
  const action = timeShiftAction(channel, p, now);
  const times = `${formatClock(p.start)}–${formatClock(p.end)}`;
  const content = [
    h("strong", {}, p.title),
    h(
      "span",
      { class: "muted" },
      action === "restart" ? `↺ From start · ${times}` : action === "replay" ? `▶ Replay · ${times}` : times,
    ),
  ];
  const attrs = {
    class: `programme${live ? " live" : ""}${action ? " playable" : ""}`,
    "data-testid": "programme",
    "data-programme-id": p.id,
    style,
  };
  if (!action) return h("div", { ...attrs, title: `${times} ${p.title}` }, content);
  return h(
    "button",
    {
      ...attrs,
      type: "button",
      "data-action": action,
      title: `${action === "restart" ? "Watch from the start" : "Replay"}: ${times} ${p.title}`,
      onclick: () => actions.play(channel, { programmeId: p.id }),
    },
    content,
  );
}

export function guideView(channels: Channel[], actions: GuideActions): HTMLElement {
  const grid = h("div", { class: "grid", "data-testid": "guide-grid" });
  const days = h("nav", { class: "days", "aria-label": "Day" });
  const root = h("div", { class: "guide" }, days, grid);

  const show = async (offset: number) => {
    for (const [i, button] of [...days.children].entries()) {
      button.setAttribute("aria-current", String(i + FIRST_DAY === offset));
    }
    const from = localDayStart(offset);
    const to = new Date(Math.min(localDayStart(offset + 1).getTime(), from.getTime() + MAX_WINDOW_MS));
    const shown = channels.slice(0, MAX_CHANNELS);
    mount(grid, h("p", { class: "muted" }, "Loading the guide…"));
    const outcome = await loadGrid(
      shown.map((c) => c.id),
      from,
      to,
    );
    if (!outcome.ok) {
      mount(grid, h("p", { class: "message" }, failureMessage(outcome.failure, "The guide").text));
      actions.failed(outcome.failure);
      return;
    }
    const byId = new Map(outcome.data.channels.map((row) => [row.channelId, row.programmes]));
    const width = ((to.getTime() - from.getTime()) / 60_000) * PX_PER_MINUTE;
    const x = (iso: string) =>
      ((Math.max(new Date(iso).getTime(), from.getTime()) - from.getTime()) / 60_000) * PX_PER_MINUTE;
    const hours = h("div", { class: "hours", style: `width:${width}px` });
    for (let t = from.getTime(); t < to.getTime(); t += 3_600_000) {
      hours.append(h("span", { style: `left:${x(new Date(t).toISOString())}px` }, formatClock(new Date(t))));
    }
    const rows = shown.map((channel) =>
      h(
        "div",
        { class: "grid-row", "data-testid": "guide-row", "data-channel-id": channel.id },
        h(
          "button",
          { class: "grid-channel", title: `Watch ${channel.name}`, onclick: () => actions.play(channel) },
          channelLogo(channel),
          h("span", {}, channel.name),
        ),
        h(
          "div",
          { class: "grid-programmes", style: `width:${width}px` },
          (byId.get(channel.id) ?? []).map((p) => {
            const left = x(p.start);
            const right = Math.min(x(p.end), width);
            return programmeEntry(
              channel,
              p,
              `left:${left}px;width:${Math.max(right - left - 2, 2)}px`,
              actions,
            );
          }),
        ),
      ),
    );
    const nowLine =
      offset === 0 &&
      h("div", { class: "now-line", style: `left:calc(var(--col) + ${x(new Date().toISOString())}px)` });
    const hoursRow = h("div", { class: "grid-row hours-row" }, h("div", { class: "grid-channel" }), hours);
    mount(grid, h("div", { class: "grid-inner" }, hoursRow, rows, nowLine));
    if (offset === 0) grid.scrollLeft = Math.max(0, x(new Date().toISOString()) - 60);
  };

  for (let offset = FIRST_DAY; offset <= LAST_DAY; offset++) {
    const label = offset === 0 ? "Today" : offset === -1 ? "Yesterday" : formatDay(localDayStart(offset));
    days.append(
      h("button", { type: "button", "data-testid": "guide-day", onclick: () => void show(offset) }, label),
    );
  }
  void show(0);
  return root;
}

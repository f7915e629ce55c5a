/**
 * The day grid: one row per channel (favourites first), programmes placed on a time axis, for
 * any of the seven days the guide covers. Scrolls sideways on a phone; opens at the current hour.
 */
import type { Failure } from "../api/api-outcome.ts";
import { failureMessage } from "../api/failure-message.ts";
import { h, mount } from "../app/dom.ts";
import { formatClock, formatDay, localDayStart } from "../app/time-format.ts";
import { type Channel, loadGrid } from "../catalog/catalog.ts";
import { channelLogo } from "./channel-logo.ts";

const PX_PER_MINUTE = 4;
const DAYS = 7;
const MAX_WINDOW_MS = 24 * 3_600_000; // the API's grid limit (a 25-hour DST day is cut short)
const MAX_CHANNELS = 100;

export interface GuideActions {
  play(channel: Channel): void;
  failed(failure: Failure): void;
}

export function guideView(channels: Channel[], actions: GuideActions): HTMLElement {
  const grid = h("div", { class: "grid", "data-testid": "guide-grid" });
  const days = h("nav", { class: "days", "aria-label": "Day" });
  const root = h("div", { class: "guide" }, days, grid);

  const show = async (offset: number) => {
    for (const [i, button] of [...days.children].entries()) {
      button.setAttribute("aria-current", String(i === offset));
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
            const live = new Date(p.start) <= new Date() && new Date() < new Date(p.end);
            return h(
              "div",
              {
                class: `programme${live ? " live" : ""}`,
                "data-testid": "programme",
                style: `left:${left}px;width:${Math.max(right - left - 2, 2)}px`,
                title: `${formatClock(p.start)}–${formatClock(p.end)} ${p.title}`,
              },
              h("strong", {}, p.title),
              h("span", { class: "muted" }, `${formatClock(p.start)}–${formatClock(p.end)}`),
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

  for (let offset = 0; offset < DAYS; offset++) {
    const label = offset === 0 ? "Today" : formatDay(localDayStart(offset));
    days.append(
      h("button", { type: "button", "data-testid": "guide-day", onclick: () => void show(offset) }, label),
    );
  }
  void show(0);
  return root;
}

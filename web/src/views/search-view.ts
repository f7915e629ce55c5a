/**
 * Search the guide: a search field that asks as the viewer types (after a short pause) and lists
 * the programmes found — title matches first, then sooner airing — each a button that opens its
 * channel. Answers to earlier keystrokes that arrive late are dropped.
 */
import type { Failure } from "../api/api-outcome.ts";
import { failureMessage } from "../api/failure-message.ts";
import { h, mount } from "../app/dom.ts";
import { formatClock, formatDay } from "../app/time-format.ts";
import { type Channel, type SearchResult, searchGuide } from "../catalog/catalog.ts";
import { channelLogo } from "./channel-logo.ts";

const TYPING_PAUSE_MS = 250;
// The API's bounds of `q` (MIN/MAX_SEARCH_QUERY_LENGTH in @seeyoo/schema); copied, not imported:
// the schema module would bring valibot into the player's bundle (+7 KiB) for two numbers.
const MIN_LENGTH = 2;
const MAX_LENGTH = 100;

export interface SearchActions {
  open(channel: Channel): void;
  failed(failure: Failure): void;
}

function resultItem(result: SearchResult, actions: SearchActions): HTMLElement {
  const { programme, channel } = result;
  const now = Date.now();
  const onAir = Date.parse(programme.start) <= now && now < Date.parse(programme.end);
  const when = `${onAir ? "On now" : formatDay(new Date(programme.start))} ${formatClock(programme.start)}–${formatClock(programme.end)}`;
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: "search-result",
        "data-testid": "search-result",
        "data-channel-id": channel.id,
        "aria-label": `${programme.title}, ${channel.name}, ${when}. Watch ${channel.name}`,
        onclick: () => actions.open(channel),
      },
      channelLogo(channel),
      h(
        "span",
        { class: "search-text" },
        h("strong", {}, programme.title),
        programme.subtitle && h("span", {}, ` · ${programme.subtitle}`),
        h("span", { class: `muted when${onAir ? " on-air" : ""}` }, `${channel.name} · ${when}`),
      ),
    ),
  );
}

export function searchView(actions: SearchActions): HTMLElement {
  const input = h("input", {
    id: "search-q",
    type: "search",
    name: "q",
    enterkeyhint: "search",
    autocomplete: "off",
    spellcheck: false,
    maxlength: MAX_LENGTH,
    placeholder: "Programme, series, person, topic…",
    "data-testid": "search-input",
  });
  const status = h("p", { class: "muted", role: "status", "data-testid": "search-status" });
  const list = h("ul", { class: "search-results", "data-testid": "search-results" });
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    const q = input.value.trim();
    const ask = ++asked;
    if (q.length < MIN_LENGTH) {
      mount(list);
      status.textContent = q.length === 0 ? "" : `Type at least ${MIN_LENGTH} characters.`;
      return;
    }
    status.textContent = "Searching…";
    const outcome = await searchGuide(q);
    if (ask !== asked) return; // a later keystroke has asked again
    if (!outcome.ok) {
      mount(list);
      status.textContent = failureMessage(outcome.failure, "The search").text;
      actions.failed(outcome.failure);
      return;
    }
    const results = outcome.data;
    status.textContent =
      results.length === 0
        ? `Nothing in the next 7 days matches “${q}”.`
        : `${results.length} programme${results.length === 1 ? "" : "s"} in the next 7 days`;
    mount(
      list,
      results.map((result) => resultItem(result, actions)),
    );
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), TYPING_PAUSE_MS);
  });
  const form = h(
    "form",
    {
      role: "search",
      class: "search",
      onsubmit: (event: Event) => {
        event.preventDefault();
        clearTimeout(timer);
        void run();
      },
    },
    h("label", { for: "search-q" }, "Search the guide"),
    input,
  );
  queueMicrotask(() => input.focus());
  return h("div", { class: "search-view" }, form, status, list);
}

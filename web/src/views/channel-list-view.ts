/** The line-up: favourites first (in the viewer's order, movable), then every other channel. */
import { h } from "../app/dom.ts";
import { formatClock } from "../app/time-format.ts";
import type { Channel, NowNext } from "../catalog/catalog.ts";
import { channelLogo } from "./channel-logo.ts";

export interface ChannelListState {
  channels: Channel[];
  favorites: Channel[];
  nowNext: Map<string, NowNext>;
  playingId: string | null;
}

export interface ChannelListActions {
  play(channel: Channel): void;
  toggleFavorite(channel: Channel, isFavorite: boolean): void;
  moveFavorite(channel: Channel, delta: -1 | 1): void;
}

function nowNextLine(entry: NowNext | undefined): HTMLElement {
  if (!entry?.now && !entry?.next) return h("p", { class: "epg muted" }, "No guide data");
  return h(
    "p",
    { class: "epg" },
    entry.now && h("span", { class: "now", "data-testid": "now" }, entry.now.title),
    entry.next &&
      h(
        "span",
        { class: "next muted", "data-testid": "next" },
        ` · Next ${formatClock(entry.next.start)} ${entry.next.title}`,
      ),
  );
}

function row(
  channel: Channel,
  state: ChannelListState,
  actions: ChannelListActions,
  favorite: { index: number; count: number } | null,
): HTMLElement {
  const isFavorite = favorite !== null;
  const playing = state.playingId === channel.id;
  const star = h(
    "button",
    {
      class: `icon star${isFavorite ? " on" : ""}`,
      "aria-pressed": String(isFavorite),
      "aria-label": isFavorite
        ? `Remove ${channel.name} from favourites`
        : `Add ${channel.name} to favourites`,
      "data-testid": "favorite-toggle",
    },
    isFavorite ? "★" : "☆",
  );
  star.addEventListener("click", () => actions.toggleFavorite(channel, isFavorite));
  const moves = favorite && [
    h(
      "button",
      {
        class: "icon",
        "aria-label": `Move ${channel.name} up`,
        "data-testid": "favorite-up",
        disabled: favorite.index === 0,
        onclick: () => actions.moveFavorite(channel, -1),
      },
      "↑",
    ),
    h(
      "button",
      {
        class: "icon",
        "aria-label": `Move ${channel.name} down`,
        "data-testid": "favorite-down",
        disabled: favorite.index === favorite.count - 1,
        onclick: () => actions.moveFavorite(channel, 1),
      },
      "↓",
    ),
  ];
  const open = h(
    "button",
    { class: "channel-main", "data-testid": "play-channel", onclick: () => actions.play(channel) },
    channelLogo(channel),
    h(
      "span",
      { class: "channel-text" },
      h("span", { class: "channel-name" }, h("span", { class: "number" }, channel.number), " ", channel.name),
      nowNextLine(state.nowNext.get(channel.id)),
    ),
  );
  return h(
    "li",
    {
      class: `channel${playing ? " playing" : ""}`,
      "data-testid": "channel",
      "data-channel-id": channel.id,
      "data-channel-name": channel.name,
    },
    open,
    h("span", { class: "channel-actions" }, moves, star),
  );
}

export function channelListView(state: ChannelListState, actions: ChannelListActions): HTMLElement {
  const favoriteIds = new Set(state.favorites.map((c) => c.id));
  const others = state.channels.filter((c) => !favoriteIds.has(c.id));
  return h(
    "div",
    { class: "channels" },
    state.favorites.length > 0 &&
      h(
        "section",
        { "aria-labelledby": "favorites-title" },
        h("h2", { id: "favorites-title" }, "Favourites"),
        h(
          "ol",
          { class: "channel-list", "data-testid": "favorites" },
          state.favorites.map((c, index) => row(c, state, actions, { index, count: state.favorites.length })),
        ),
      ),
    h(
      "section",
      { "aria-labelledby": "all-title" },
      h("h2", { id: "all-title" }, state.favorites.length > 0 ? "All channels" : "Channels"),
      h(
        "ul",
        { class: "channel-list", "data-testid": "all-channels" },
        others.map((c) => row(c, state, actions, null)),
      ),
    ),
  );
}

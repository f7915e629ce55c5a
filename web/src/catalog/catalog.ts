/** The line-up as the player shows it: channels, now/next, and the viewer's favourites. */
import { api, type paths } from "../api/api-client.ts";
import { attempt, type Outcome } from "../api/api-outcome.ts";

type Json<T> = T extends { content: { "application/json": infer B } } ? B : never;
export type Channel = Json<paths["/v1/channels"]["get"]["responses"][200]>["channels"][number];
export type NowNext = Json<paths["/v1/epg/now"]["get"]["responses"][200]>["channels"][number];
export type Programme = NonNullable<NowNext["now"]>;
export type Grid = Json<paths["/v1/epg"]["get"]["responses"][200]>;
export type SearchResult = Json<paths["/v1/epg/search"]["get"]["responses"][200]>["results"][number];

export const loadChannels = async (): Promise<Outcome<Channel[]>> =>
  map(await attempt(() => api.GET("/v1/channels")), (d) => d.channels);

export const loadNowNext = async (): Promise<Outcome<Map<string, NowNext>>> =>
  map(await attempt(() => api.GET("/v1/epg/now")), (d) => new Map(d.channels.map((e) => [e.channelId, e])));

export const loadFavorites = async (): Promise<Outcome<Channel[]>> =>
  map(await attempt(() => api.GET("/v1/me/favorites")), (d) => d.channels);

export const addFavorite = async (channelId: string): Promise<Outcome<Channel[]>> =>
  map(
    await attempt(() => api.PUT("/v1/me/favorites/{channelId}", { params: { path: { channelId } } })),
    (d) => d.channels,
  );

export const removeFavorite = async (channelId: string): Promise<Outcome<null>> =>
  map(
    await attempt(() => api.DELETE("/v1/me/favorites/{channelId}", { params: { path: { channelId } } })),
    () => null,
  );

export const reorderFavorites = async (channelIds: string[]): Promise<Outcome<Channel[]>> =>
  map(await attempt(() => api.PUT("/v1/me/favorites", { body: { channelIds } })), (d) => d.channels);

export const loadGrid = async (channelIds: string[], from: Date, to: Date): Promise<Outcome<Grid>> =>
  attempt(() =>
    api.GET("/v1/epg", {
      params: { query: { from: from.toISOString(), to: to.toISOString(), channels: channelIds } },
    }),
  );

export const searchGuide = async (q: string): Promise<Outcome<SearchResult[]>> =>
  map(await attempt(() => api.GET("/v1/epg/search", { params: { query: { q } } })), (d) => d.results);

function map<A, B>(outcome: Outcome<A>, f: (a: A) => B): Outcome<B> {
  return outcome.ok ? { ok: true, data: f(outcome.data), response: outcome.response } : outcome;
}

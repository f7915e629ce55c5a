/**
 * A deployable's API as one table: each path prefix with the route groups mounted under it. Both
 * apps mount theirs this way, so the table reads as the map of the API. Order matters where
 * prefixes overlap (`/v1/epg/search` before `/v1/epg`): the table is mounted in the order written.
 */
import type { Env, Hono, Schema } from "hono";

export type RouteTable<E extends Env> = Record<string, readonly Hono<E, Schema, string>[]>;

export function mountRoutes<E extends Env>(app: Hono<E>, table: RouteTable<E>): void {
  for (const [path, groups] of Object.entries(table)) {
    for (const routes of groups) app.route(path, routes);
  }
}

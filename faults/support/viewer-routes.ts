/** The routes a crowd of viewers hits, for the fault tests' load: public guide reads and favourites. */
import type { MixRoute } from "../../bench/support/mixed-load.ts";
import type { FaultStack } from "./fault-stack.ts";

export const PUBLIC_ROUTES = ["now_next", "grid", "channels", "schedule"];

export function viewerRoutes(stack: FaultStack): MixRoute[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;
  return [
    { name: "now_next", weight: 50, next: () => ({ path: "/v1/epg/now" }) },
    { name: "grid", weight: 15, next: () => ({ path: "/v1/epg" }) },
    { name: "channels", weight: 10, next: () => ({ path: "/v1/channels" }) },
    {
      name: "schedule",
      weight: 10,
      next: () => ({ path: `/v1/channels/${pick(stack.channelIds.slice(0, 5))}/epg` }),
    },
    {
      name: "favorites",
      weight: 15,
      next: () => ({
        path: "/v1/me/favorites",
        headers: { authorization: `Bearer ${pick(stack.viewers).token}` },
      }),
    },
  ];
}

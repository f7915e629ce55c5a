/**
 * What the viewer may do with a guide entry, computed here from the channel's rights and the
 * programme's times — the rule the API documents (REPLAYABLE_RULE) and the edge enforces — so guide
 * responses stay the same for every viewer and cacheable.
 */
import type { Channel, Programme } from "./catalog.ts";

export type TimeShiftAction = "restart" | "replay";

const HOUR_MS = 3_600_000;

/** "restart" for the programme on air, "replay" for a past one inside the catch-up window, else null. */
export function timeShiftAction(
  channel: Channel,
  programme: Programme,
  nowMs = Date.now(),
): TimeShiftAction | null {
  const start = Date.parse(programme.start);
  const end = Date.parse(programme.end);
  if (start > nowMs) return null;
  if (nowMs < end) return channel.restartAllowed ? "restart" : null;
  return channel.catchupHours > 0 && start >= nowMs - channel.catchupHours * HOUR_MS ? "replay" : null;
}

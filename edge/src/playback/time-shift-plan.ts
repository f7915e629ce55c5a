/**
 * Restart and catch-up rights: what a viewer who asked for a programme gets, decided from the
 * channel's grants (restartAllowed, catchupHours) and the programme's times, all in UTC
 * milliseconds (no time zones, no DST). The programme on air restarts (a manifest from its start
 * that grows to the live edge); one that ended plays as catch-up (a fixed manifest from start to
 * end) while its start lies inside the catch-up window; a programme yet to air plays neither.
 * The same rule re-checks a running session at every heartbeat.
 */
import { ProblemError } from "@seeyoo/schema/wire";

const HOUR_MS = 3_600_000;

export interface ViewingRights {
  restartAllowed: boolean;
  catchupHours: number;
}

export interface ProgrammeTimes {
  startMs: number;
  endMs: number;
}

export type TimeShiftKind = "restart" | "catchup";

/** A time-shifted view of a channel: from `startMs`, to `endMs` (catch-up) or the live edge (restart). */
export interface TimeShift {
  kind: TimeShiftKind;
  startMs: number;
  endMs: number | null;
  /** When the programme that gives the right started (the catch-up window is measured from it). */
  programmeStartMs: number;
}

/** 403 when the channel's rights (as they are now) do not cover this kind of view of that programme. */
export function assertRightHeld(
  kind: TimeShiftKind,
  programmeStartMs: number,
  rights: ViewingRights,
  nowMs: number,
): void {
  if (kind === "restart") {
    if (rights.restartAllowed) return;
    throw new ProblemError(403, "restartNotAllowed", "This channel does not allow restarting programmes", {
      detail: "The broadcaster does not allow watching this channel's programmes from the start",
    });
  }
  if (rights.catchupHours <= 0) {
    throw new ProblemError(403, "catchupNotAllowed", "This channel does not offer catch-up", {
      detail: "The broadcaster does not allow playing this channel's past programmes",
    });
  }
  if (programmeStartMs < nowMs - rights.catchupHours * HOUR_MS) {
    throw new ProblemError(403, "outsideCatchupWindow", "This programme is no longer available", {
      detail: `Programmes of this channel play again for ${rights.catchupHours} hours after they started`,
    });
  }
}

/**
 * What playing `programme` from `startAtMs` (default: its start, which must lie inside it) means now,
 * or a 403 saying why it may not be played.
 */
export function planTimeShift(
  programme: ProgrammeTimes,
  rights: ViewingRights,
  nowMs: number,
  startAtMs: number = programme.startMs,
): TimeShift {
  if (programme.startMs > nowMs || startAtMs > nowMs) {
    throw new ProblemError(403, "programmeNotAired", "This has not aired yet", {
      detail: "Only the programme on air and past programmes can be played, up to now",
    });
  }
  const kind: TimeShiftKind = nowMs < programme.endMs ? "restart" : "catchup";
  assertRightHeld(kind, programme.startMs, rights, nowMs);
  return {
    kind,
    startMs: startAtMs,
    endMs: kind === "catchup" ? programme.endMs : null,
    programmeStartMs: programme.startMs,
  };
}

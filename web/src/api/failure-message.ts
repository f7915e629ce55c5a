/** What the viewer reads when something fails, chosen by the problem `type` (never its title). */
import { ProblemType } from "@seeyoo/schema/wire";
import type { Failure } from "./api-outcome.ts";

export interface FailureMessage {
  /** Stable, for tests and styling: offline, geo-blocked, too-many-streams, restart-not-allowed, session-expired, … */
  code: string;
  text: string;
}

export function failureMessage(failure: Failure, subject = "this"): FailureMessage {
  if (failure.kind === "offline") {
    return { code: "offline", text: "You're offline. Check your connection — we'll pick up when it's back." };
  }
  const { problem, retryAfterSeconds } = failure;
  switch (problem.type) {
    case ProblemType.geoBlocked:
      return { code: "geo-blocked", text: `${subject} isn't available in your country.` };
    case ProblemType.tooManyStreams: {
      const limit = problem.limit;
      const count = limit === undefined ? "the maximum number of" : String(limit);
      return {
        code: "too-many-streams",
        text: `You're already watching ${count} ${limit === 1 ? "stream" : "streams"} on this account — the limit is ${limit ?? "reached"}. Stop one on another device to watch here.`,
      };
    }
    case ProblemType.restartNotAllowed:
      return { code: "restart-not-allowed", text: `${subject} can't be watched from the start.` };
    case ProblemType.catchupNotAllowed:
      return { code: "catchup-not-allowed", text: `${subject} doesn't offer replays of past programmes.` };
    case ProblemType.outsideCatchupWindow:
      return { code: "outside-catchup-window", text: "This programme is no longer available to replay." };
    case ProblemType.programmeNotAired:
      return { code: "programme-not-aired", text: "This programme hasn't started yet." };
    case ProblemType.unauthorized:
    case ProblemType.invalidRefreshToken:
      return { code: "session-expired", text: "Your session has expired. Please sign in again." };
    case ProblemType.invalidCredentials:
      return { code: "invalid-credentials", text: "That email and password don't match an account." };
    case ProblemType.conflict:
      return { code: "conflict", text: "An account with this email already exists. Sign in instead." };
    case ProblemType.rateLimited:
      return {
        code: "rate-limited",
        text: `Too many attempts. Try again${retryAfterSeconds ? ` in ${retryAfterSeconds} s` : " in a minute"}.`,
      };
    case ProblemType.validation:
      return {
        code: "validation",
        text: problem.errors?.length
          ? problem.errors.map((e) => `${e.field}: ${e.message}`).join("; ")
          : (problem.detail ?? problem.title),
      };
    case ProblemType.notFound:
      return { code: "not-found", text: `${subject} is no longer available.` };
    case ProblemType.unavailable:
      return {
        code: "unavailable",
        text: `The service is busy. Try again${retryAfterSeconds ? ` in ${retryAfterSeconds} s` : " shortly"}.`,
      };
    default:
      return { code: "error", text: problem.detail ?? problem.title ?? "Something went wrong." };
  }
}

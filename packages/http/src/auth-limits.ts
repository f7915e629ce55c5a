/**
 * The rate-limit rules of the account API — the one definition the origin enforces and the edge
 * checks early. Wrong passwords are counted per (email, client network) and per client network,
 * so that a guesser is stopped without locking the account's owner out: the right password from
 * another network still signs in. One generous counter per email, from anywhere, bounds
 * distributed guessing; it is the only counter an attacker can fill for someone else, hence the
 * high number. Password checks per client network bound the bcrypt CPU one network can burn.
 * A client network is an IPv4 address or an IPv6 /64 (client-network.ts).
 *
 * Counters are sliding windows: the previous window's count fades out as the current one fills.
 */
import { ProblemError } from "@seeyoo/schema/wire";

export interface CounterRule {
  /** Attempts allowed within the window; the next one is refused. */
  limit: number;
  windowSeconds: number;
  /** What and whose, for the problem's detail. */
  what: string;
  per: string;
}

export const AUTH_LIMITS = {
  /** Wrong passwords for one email from one client network: guessing one account. */
  failuresPerEmailAndClient: {
    limit: 10,
    windowSeconds: 15 * 60,
    what: "wrong passwords",
    per: "email and client network",
  },
  /** Wrong passwords from one client network, whatever the email: trying many accounts. */
  failuresPerClient: { limit: 50, windowSeconds: 15 * 60, what: "wrong passwords", per: "client network" },
  /** Wrong passwords for one email from anywhere: distributed guessing. */
  failuresPerEmail: { limit: 100, windowSeconds: 60 * 60, what: "wrong passwords", per: "email" },
  /** Password checks (sign-in, sign-up, password change) from one client network: bcrypt CPU. */
  passwordChecksPerClient: { limit: 30, windowSeconds: 60, what: "password checks", per: "client network" },
  /** Refreshes and sign-outs from one client network. */
  tokenRequestsPerClient: { limit: 300, windowSeconds: 60, what: "token requests", per: "client network" },
} as const satisfies Record<string, CounterRule>;

export type CounterName = keyof typeof AUTH_LIMITS;

/** One counter an attempt goes into: which rule, whose, and whether success gives it back. */
export interface Count {
  counter: CounterName;
  /** Whose counter: an email, a client network, or both. */
  subject: string;
  /**
   * A failure counter: the attempt reserves its place before the password is checked (so that
   * concurrent guesses cannot all slip under the limit) and gives it back when the password was
   * right, or when the attempt was refused anyway.
   */
  failure: boolean;
}

const normalisedEmail = (email: string) => email.trim().toLowerCase();

/** What each kind of attempt counts, by action. */
export const authAttempts = {
  /**
   * A password presented for `email` (sign-in, password change) from `client` (a client network).
   * Without the email (the edge cannot read it from a password change) only the network's counters.
   */
  passwordCheck: (email: string | null, client: string): Count[] => [
    ...(email === null
      ? []
      : ([
          {
            counter: "failuresPerEmailAndClient",
            subject: `${normalisedEmail(email)} ${client}`,
            failure: true,
          },
          { counter: "failuresPerEmail", subject: normalisedEmail(email), failure: true },
        ] satisfies Count[])),
    { counter: "failuresPerClient", subject: client, failure: true },
    { counter: "passwordChecksPerClient", subject: client, failure: false },
  ],
  /** A sign-up: a new password hashed. */
  register: (client: string): Count[] => [
    { counter: "passwordChecksPerClient", subject: client, failure: false },
  ],
  /** A refresh or sign-out. */
  tokenRequest: (client: string): Count[] => [
    { counter: "tokenRequestsPerClient", subject: client, failure: false },
  ],
};

/** The counts of one counter's current and previous windows, and how far into the current one we are. */
export interface WindowCounts {
  current: number;
  previous: number;
  /** 0 at the start of the current window, 1 at its end. */
  elapsed: number;
}

/** The sliding count: the previous window weighted by how much of it still overlaps. */
export const slidingCount = ({ current, previous, elapsed }: WindowCounts) =>
  previous * (1 - elapsed) + current;

// Window fractions are floating point: 10 × (1 − 0.1) is a hair above 9.
const EPSILON = 1e-9;

/** Whether one more attempt fits, given the attempts already counted. */
export const fitsOneMore = (rule: CounterRule, counts: WindowCounts) =>
  slidingCount(counts) + 1 <= rule.limit + EPSILON;

/**
 * Seconds until one more attempt fits, assuming no other attempt comes: first the previous
 * window fades out; when the current window alone is too full, it must become the previous one
 * and fade in turn.
 */
export function secondsUntilOneMoreFits(
  rule: CounterRule,
  { current, previous, elapsed }: WindowCounts,
): number {
  const room = rule.limit - 1;
  let windows: number;
  if (current <= room) {
    // previous × (1 − t) + current ≤ room, for t the elapsed fraction at that time.
    windows = previous > 0 ? Math.max(0, 1 - (room - current) / previous - elapsed) : 0;
  } else {
    // The rest of this window, then current × (1 − t) ≤ room in the next.
    windows = 1 - elapsed + (1 - room / current);
  }
  return Math.max(1, Math.ceil(windows * rule.windowSeconds - EPSILON));
}

export type LimitVerdict =
  | { allowed: true }
  | { allowed: false; counter: CounterName; retryAfterSeconds: number };

/** The 429 of a refused attempt, with Retry-After. */
export function rateLimited(verdict: Extract<LimitVerdict, { allowed: false }>): ProblemError {
  const rule: CounterRule = AUTH_LIMITS[verdict.counter];
  const minutes = rule.windowSeconds / 60;
  return new ProblemError(429, "rateLimited", "Too many attempts; try again later", {
    detail: `At most ${rule.limit} ${rule.what} per ${rule.per} in ${minutes} ${minutes === 1 ? "minute" : "minutes"}`,
    headers: { "retry-after": String(verdict.retryAfterSeconds) },
  });
}

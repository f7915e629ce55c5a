/**
 * The account API's counters (rules: auth-limits.ts) in the state Redis, one Lua script per call
 * so that every check costs one round trip. The origin counts (`admit`): every counter is
 * incremented first and the new value decides, so concurrent attempts cannot all pass; a refused
 * attempt gives back its failure reservations, so hammering a blocked (email, network) pair never
 * fills the email's own counter. The edge only looks (`peek`) — the same counters, the same
 * rules — to refuse early without bothering the origin.
 *
 * Keys: `<prefix>:<counter>:<sha-256 of the subject>:<window index>`, expiring after two windows;
 * no email or address is stored in Redis. Without Redis, or when it fails, the limiter lets
 * attempts through (sign-in must not depend on it; the password pool's queue still bounds the
 * CPU) and reports the failure.
 */
import {
  AUTH_LIMITS,
  type Count,
  type CounterRule,
  fitsOneMore,
  type LimitVerdict,
  secondsUntilOneMoreFits,
  type WindowCounts,
} from "./auth-limits.ts";

/** The one Redis command the limiter needs (Upstash's client has it as it is). */
export interface ScriptRedis {
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
}

/** KEYS: (current, previous) window pairs; ARGV[1] "1" to increment the current ones, ARGV[i+1] window ms. */
const COUNT = `local out = {}
for i = 1, #KEYS, 2 do
  local current
  if ARGV[1] == '1' then
    current = redis.call('INCR', KEYS[i])
    if current == 1 then redis.call('PEXPIRE', KEYS[i], 2 * tonumber(ARGV[(i + 1) / 2 + 1])) end
  else
    current = tonumber(redis.call('GET', KEYS[i]) or '0')
  end
  out[#out + 1] = current
  out[#out + 1] = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
end
return out`;

/** KEYS: counters to give one back to (never below zero). */
const GIVE_BACK = `for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0`;

/** A counted attempt; `release()` gives back its failure reservations (the password was right, or never checked). */
export interface Admission {
  verdict: LimitVerdict;
  release(): Promise<void>;
}

interface Placed extends Count {
  rule: CounterRule;
  currentKey: string;
  previousKey: string;
  elapsed: number;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class AuthRateLimiter {
  readonly #redis: ScriptRedis | null;
  readonly #prefix: string;
  readonly #onError: (error: unknown) => void;
  readonly #now: () => number;

  /** `prefix`: the namespace's rate-limit prefix (cache-keys.ts), so environments never share counters. */
  constructor(
    redis: ScriptRedis | null,
    prefix: string,
    options: { onError: (error: unknown) => void; now?: () => number },
  ) {
    this.#redis = redis;
    this.#prefix = `${prefix}:auth`;
    this.#onError = options.onError;
    this.#now = options.now ?? Date.now;
  }

  /** Whether one more attempt would be allowed; counts nothing. */
  async peek(counts: Count[]): Promise<LimitVerdict> {
    const read = await this.#count(counts, false);
    if (!read) return { allowed: true };
    return this.#verdict(read.placed.map((p, i) => ({ p, counts: read.counts[i] as WindowCounts })));
  }

  /** Counts the attempt and says whether it may go on. */
  async admit(counts: Count[]): Promise<Admission> {
    const taken = await this.#count(counts, true);
    if (!taken) return { verdict: { allowed: true }, release: async () => {} };
    const failures = taken.placed.filter((p) => p.failure).map((p) => p.currentKey);
    // The counts include this attempt.
    const within = taken.placed.every((p, i) =>
      fitsOneMore(p.rule, {
        ...(taken.counts[i] as WindowCounts),
        current: (taken.counts[i] as WindowCounts).current - 1,
      }),
    );
    if (within) return { verdict: { allowed: true }, release: () => this.#giveBack(failures) };
    await this.#giveBack(failures);
    // Refused: its failure reservations are given back, its other counts stand; when may the next one come?
    const verdict = this.#verdict(
      taken.placed.map((p, i) => {
        const c = taken.counts[i] as WindowCounts;
        return { p, counts: p.failure ? { ...c, current: c.current - 1 } : c };
      }),
    );
    return { verdict, release: async () => {} };
  }

  #verdict(entries: { p: Placed; counts: WindowCounts }[]): LimitVerdict {
    let worst: LimitVerdict = { allowed: true };
    for (const { p, counts } of entries) {
      if (fitsOneMore(p.rule, counts)) continue;
      const retryAfterSeconds = secondsUntilOneMoreFits(p.rule, counts);
      if (worst.allowed || retryAfterSeconds > worst.retryAfterSeconds) {
        worst = { allowed: false, counter: p.counter, retryAfterSeconds };
      }
    }
    return worst;
  }

  async #place(counts: Count[], now: number): Promise<Placed[]> {
    return Promise.all(
      counts.map(async (count) => {
        const rule: CounterRule = AUTH_LIMITS[count.counter];
        const windowMs = rule.windowSeconds * 1000;
        const index = Math.floor(now / windowMs);
        const base = `${this.#prefix}:${count.counter}:${(await sha256Hex(count.subject)).slice(0, 32)}`;
        return {
          ...count,
          rule,
          currentKey: `${base}:${index}`,
          previousKey: `${base}:${index - 1}`,
          elapsed: (now - index * windowMs) / windowMs,
        };
      }),
    );
  }

  async #count(
    counts: Count[],
    increment: boolean,
  ): Promise<{ placed: Placed[]; counts: WindowCounts[] } | null> {
    if (!this.#redis || counts.length === 0) return null;
    const placed = await this.#place(counts, this.#now());
    try {
      const reply = await this.#redis.eval(
        COUNT,
        placed.flatMap((p) => [p.currentKey, p.previousKey]),
        [increment ? "1" : "0", ...placed.map((p) => String(p.rule.windowSeconds * 1000))],
      );
      if (!Array.isArray(reply) || reply.length !== placed.length * 2) {
        throw new Error(`unexpected reply: ${JSON.stringify(reply)}`);
      }
      return {
        placed,
        counts: placed.map((p, i) => ({
          current: Number(reply[2 * i]),
          previous: Number(reply[2 * i + 1]),
          elapsed: p.elapsed,
        })),
      };
    } catch (error) {
      this.#onError(error);
      return null;
    }
  }

  async #giveBack(keys: string[]): Promise<void> {
    if (!this.#redis || keys.length === 0) return;
    try {
      await this.#redis.eval(GIVE_BACK, keys, []);
    } catch (error) {
      this.#onError(error);
    }
  }
}

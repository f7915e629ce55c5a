/**
 * Concurrent streams per account, in Redis. One hash per user, `<ns>:streams:<userId>`, maps
 * sessionId → "<expiry ms> <hlsPath>"; the key itself expires with its last session. Every
 * change is one Lua script (check-and-add is atomic, so two starts racing for the last slot
 * cannot both win) and uses Redis's clock, the one clock all colos share.
 *
 * Redis unreachable: starting a stream fails OPEN (the viewer gets an untracked session and a
 * warning is logged — an outage of the limiter must not stop people watching), while heartbeat
 * and end answer 503 (they cannot tell whose session it is, and heartbeat cannot re-sign without
 * the channel it remembers).
 */
import { ProblemError } from "@seeyoo/schema/wire";
import type { EdgeRedis } from "../cache/redis-client.ts";
import type { Settings } from "../env.ts";

const REDIS_TIMEOUT_MS = 2_000;

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] user hash; ARGV sessionId, limit, ttl ms, hlsPath → {1, expiry ms} | {0, live sessions}. */
const START = `${NOW_MS}
local fields = redis.call('HGETALL', KEYS[1])
local live, last = 0, 0
for i = 1, #fields, 2 do
  local exp = tonumber(string.match(fields[i + 1], '^%d+'))
  if exp == nil or exp <= now then
    redis.call('HDEL', KEYS[1], fields[i])
  else
    live = live + 1
    if exp > last then last = exp end
  end
end
if live >= tonumber(ARGV[2]) then return {0, live} end
local exp = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], exp .. ' ' .. ARGV[4])
if exp > last then last = exp end
redis.call('PEXPIREAT', KEYS[1], last)
return {1, exp}`;

/** KEYS[1] user hash; ARGV sessionId, ttl ms → {expiry ms, hlsPath} | nil when unknown or expired. */
const HEARTBEAT = `${NOW_MS}
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then return false end
local exp, path = string.match(value, '^(%d+) (.*)$')
if exp == nil or tonumber(exp) <= now then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return false
end
local renewed = now + tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], renewed .. ' ' .. path)
local pttl = redis.call('PTTL', KEYS[1])
if pttl < 0 or now + pttl < renewed then redis.call('PEXPIREAT', KEYS[1], renewed) end
return {renewed, path}`;

/** KEYS[1] user hash; ARGV sessionId → 1 when a live session was ended, else 0. */
const END = `${NOW_MS}
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local exp = tonumber(string.match(value, '^%d+'))
if exp == nil or exp <= now then return 0 end
return 1`;

export type StartResult =
  | { outcome: "started"; sessionId: string; expiresAt: Date }
  | { outcome: "untracked"; sessionId: string; expiresAt: Date }
  | { outcome: "limitReached"; limit: number };

export interface RenewedSession {
  expiresAt: Date;
  hlsPath: string;
}

export const sessionStoreUnavailable = () =>
  new ProblemError(503, "unavailable", "Playback sessions are unavailable; try again shortly", {
    headers: { "retry-after": "5" },
  });

export class StreamSessions {
  readonly #redis: EdgeRedis | null;
  readonly #namespace: string;
  readonly #limit: number;
  readonly #ttlMs: number;

  constructor(redis: EdgeRedis | null, namespace: string, limits: { limit: number; ttlSeconds: number }) {
    this.#redis = redis;
    this.#namespace = namespace;
    this.#limit = limits.limit;
    this.#ttlMs = limits.ttlSeconds * 1000;
  }

  async start(userId: string, hlsPath: string): Promise<StartResult> {
    const sessionId = crypto.randomUUID();
    try {
      const [started, expiry] = await this.#eval<[number, number]>(START, userId, [
        sessionId,
        String(this.#limit),
        String(this.#ttlMs),
        hlsPath,
      ]);
      if (started !== 1) return { outcome: "limitReached", limit: this.#limit };
      return { outcome: "started", sessionId, expiresAt: new Date(Number(expiry)) };
    } catch (error) {
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "stream limit unavailable; playback not limited",
          err: String(error),
        }),
      );
      return { outcome: "untracked", sessionId, expiresAt: new Date(Date.now() + this.#ttlMs) };
    }
  }

  /** Extends a live session of this user; null when it is unknown, expired or someone else's. */
  async heartbeat(userId: string, sessionId: string): Promise<RenewedSession | null> {
    const result = await this.#evalOrUnavailable<[number, string] | null>(HEARTBEAT, userId, [
      sessionId,
      String(this.#ttlMs),
    ]);
    if (!result) return null;
    return { expiresAt: new Date(Number(result[0])), hlsPath: String(result[1]) };
  }

  /** Ends a live session of this user; false when it is unknown, expired or someone else's. */
  async end(userId: string, sessionId: string): Promise<boolean> {
    return Number(await this.#evalOrUnavailable<number>(END, userId, [sessionId])) === 1;
  }

  async #evalOrUnavailable<T>(script: string, userId: string, args: string[]): Promise<T> {
    try {
      return await this.#eval<T>(script, userId, args);
    } catch (error) {
      console.warn(JSON.stringify({ level: "warn", msg: "stream sessions unavailable", err: String(error) }));
      throw sessionStoreUnavailable();
    }
  }

  async #eval<T>(script: string, userId: string, args: string[]): Promise<T> {
    if (!this.#redis) throw new Error("Redis is not configured");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer in ${REDIS_TIMEOUT_MS} ms`)),
        REDIS_TIMEOUT_MS,
      );
    });
    try {
      const key = `${this.#namespace}:streams:${userId}`;
      return await Promise.race([this.#redis.client.eval<string[], T>(script, [key], args), timeout]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}

/** 429 naming the limit, also as the `limit` extension member for clients to show. */
export class TooManyStreamsError extends ProblemError {
  readonly limit: number;

  constructor(limit: number) {
    super(429, "tooManyStreams", "Too many streams at once", {
      detail: `This account can watch ${limit} ${limit === 1 ? "stream" : "streams"} at a time; stop one to start another`,
    });
    this.limit = limit;
  }

  override toProblem(instance?: string) {
    return { ...super.toProblem(instance), limit: this.limit };
  }
}

export function streamSessionsFor(settings: Settings, redis: EdgeRedis | null): StreamSessions {
  return new StreamSessions(redis, settings.cacheNamespace, {
    limit: settings.maxConcurrentStreams,
    ttlSeconds: settings.streamSessionTtlSeconds,
  });
}

/** How often players should heartbeat: three chances before a session lapses. */
export const heartbeatIntervalSeconds = (settings: Settings) =>
  Math.max(1, Math.floor(settings.streamSessionTtlSeconds / 3));

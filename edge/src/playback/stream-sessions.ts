/**
 * Concurrent streams and playback starts per account, in the state Redis (never evicted; the
 * cache Redis when none is configured). One hash per user, `<ns>:streams:<userId>`, maps
 * sessionId → "<expiry ms> <session JSON>" (what the session may play: channel, folder, window);
 * the key itself expires with its last session. One sorted set per user, `<ns>:starts:<userId>`,
 * holds the starts of the last minute (a sliding log: at most PLAYBACK_STARTS_PER_MINUTE in ANY 60
 * seconds, so start/stop loops cannot pile up signed grants). Every change is one Lua script
 * (check-and-add is atomic, so two starts racing for the last slot cannot both win) and uses
 * Redis's clock, the one clock all colos share.
 *
 * Redis unreachable: starting a stream fails OPEN (the viewer gets an untracked session and a
 * warning is logged — an outage of the limiter must not stop people watching), while heartbeat
 * and end answer 503 (they cannot tell whose session it is, and heartbeat cannot re-sign without
 * the resource it remembers).
 */
import { ProblemError } from "@seeyoo/schema/wire";
import type { EdgeRedis } from "../cache/redis-client.ts";
import type { Settings } from "../env.ts";
import type { TimeShift } from "./time-shift-plan.ts";

const REDIS_TIMEOUT_MS = 2_000;

const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

const START_WINDOW_MS = 60_000;

/**
 * KEYS[1] user hash, KEYS[2] user's start log; ARGV sessionId, limit, ttl ms, session JSON, starts
 * per minute → {1, expiry ms} | {0, live sessions} (stream limit) | {-1, retry after ms} (start rate).
 */
const START = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ${START_WINDOW_MS})
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {-1, tonumber(oldest[2]) + ${START_WINDOW_MS} - now}
end
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
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ${START_WINDOW_MS})
return {1, exp}`;

/** KEYS[1] user hash; ARGV sessionId, ttl ms → {expiry ms, session JSON} | nil when unknown or expired. */
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

/** What a session may play, remembered so that heartbeats re-check and re-sign exactly that. */
export interface SessionRecord {
  channelId: string;
  hlsPath: string;
  /** Null for live. */
  timeShift: TimeShift | null;
}

export type StartResult =
  | { outcome: "started"; sessionId: string; expiresAt: Date }
  | { outcome: "untracked"; sessionId: string; expiresAt: Date }
  | { outcome: "limitReached"; limit: number }
  | { outcome: "rateLimited"; retryAfterSeconds: number };

export interface RenewedSession {
  expiresAt: Date;
  record: SessionRecord;
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
  readonly #startsPerMinute: number;

  constructor(
    redis: EdgeRedis | null,
    namespace: string,
    limits: { limit: number; ttlSeconds: number; startsPerMinute: number },
  ) {
    this.#redis = redis;
    this.#namespace = namespace;
    this.#limit = limits.limit;
    this.#ttlMs = limits.ttlSeconds * 1000;
    this.#startsPerMinute = limits.startsPerMinute;
  }

  async start(userId: string, record: SessionRecord): Promise<StartResult> {
    const sessionId = crypto.randomUUID();
    try {
      const [started, value] = await this.#eval<[number, number]>(START, userId, [
        sessionId,
        String(this.#limit),
        String(this.#ttlMs),
        JSON.stringify(record),
        String(this.#startsPerMinute),
      ]);
      if (started === -1) {
        return { outcome: "rateLimited", retryAfterSeconds: Math.max(1, Math.ceil(Number(value) / 1000)) };
      }
      if (started !== 1) return { outcome: "limitReached", limit: this.#limit };
      return { outcome: "started", sessionId, expiresAt: new Date(Number(value)) };
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
    const record = parseRecord(String(result[1]));
    // A session stored by an older release names no channel to re-check: it cannot be renewed.
    if (!record) return null;
    return { expiresAt: new Date(Number(result[0])), record };
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
      const keys = [`${this.#namespace}:streams:${userId}`, `${this.#namespace}:starts:${userId}`];
      return await Promise.race([this.#redis.client.eval<string[], T>(script, keys, args), timeout]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}

function parseRecord(json: string): SessionRecord | null {
  try {
    const record = JSON.parse(json) as Partial<SessionRecord>;
    if (typeof record.channelId !== "string" || typeof record.hlsPath !== "string") return null;
    return { channelId: record.channelId, hlsPath: record.hlsPath, timeShift: record.timeShift ?? null };
  } catch {
    return null;
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

/** 429 when this account started too many streams within the last minute. */
export const tooManyStarts = (retryAfterSeconds: number) =>
  new ProblemError(429, "rateLimited", "Too many playback starts; try again shortly", {
    detail: `Playback was started too often on this account; try again in ${retryAfterSeconds} s`,
    headers: { "retry-after": String(retryAfterSeconds) },
  });

export function streamSessionsFor(settings: Settings, redis: EdgeRedis | null): StreamSessions {
  return new StreamSessions(redis, settings.cacheNamespace, {
    limit: settings.maxConcurrentStreams,
    ttlSeconds: settings.streamSessionTtlSeconds,
    startsPerMinute: settings.playbackStartsPerMinute,
  });
}

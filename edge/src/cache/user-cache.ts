/**
 * The per-user tier: one Redis entry per user and kind (favourites, account), holding the body
 * and the versions it was built from — the user's version (user_cache_versions, bumped by
 * Postgres whenever their favourites or account change) and the catalog version (a channel
 * switched off leaves everyone's favourites).
 *
 * The user's own writes write their entry through before answering, so the next read — from any
 * isolate, any location — sees them. A slower writer (a read that started before the write and
 * finishes after it) never replaces a newer entry: the script keeps the higher (user, catalog)
 * pair. Entries expire after USER_ENTRY_TTL_SECONDS, which also bounds how long a deleted account
 * can still be read from here (the origin drops the entries at once when it deletes one).
 */
import type { EdgeRedis } from "./redis-client.ts";

export const USER_ENTRY_TTL_SECONDS = 120;

export interface UserEntry {
  user: number;
  catalog: number;
  etag: string;
  body: string;
}

/** KEYS[1] the entry; ARGV ttl, user version, catalog version, "<etag>:<body>". */
const PUT_IF_NEWER = `local cur = redis.call('GET', KEYS[1])
if cur then
  local u, c = string.match(cur, '^(%d+):(%d+):')
  local nu, nc = tonumber(ARGV[2]), tonumber(ARGV[3])
  if u and (tonumber(u) > nu or (tonumber(u) == nu and tonumber(c) > nc)) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2] .. ':' .. ARGV[3] .. ':' .. ARGV[4], 'EX', ARGV[1])
return 1`;

const ENTRY = /^(\d+):(\d+):("[0-9a-f]+"):/;

function parse(raw: string | null): UserEntry | null {
  const m = raw ? ENTRY.exec(raw) : null;
  if (!raw || !m) return null;
  return { user: Number(m[1]), catalog: Number(m[2]), etag: m[3] as string, body: raw.slice(m[0].length) };
}

export class UserCache {
  readonly #redis: EdgeRedis | null;

  constructor(redis: EdgeRedis | null) {
    this.#redis = redis;
  }

  get enabled(): boolean {
    return this.#redis !== null;
  }

  async get(key: string): Promise<UserEntry | null> {
    return parse((await this.#redis?.get(key)) ?? null);
  }

  /** Best effort: false when Redis could not take it. */
  async put(key: string, entry: UserEntry): Promise<boolean> {
    if (!this.#redis) return false;
    const stored = await this.#redis.eval(
      PUT_IF_NEWER,
      [key],
      [USER_ENTRY_TTL_SECONDS, entry.user, entry.catalog, `${entry.etag}:${entry.body}`],
    );
    return stored !== null;
  }
}

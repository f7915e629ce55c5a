/**
 * Where cache versions come from. Postgres holds them (tables cache_epoch, cache_versions,
 * user_cache_versions; the migration's triggers bump them in the same transaction as the change
 * they describe). Redis holds mirrors with a short TTL: the origin writes them right after a
 * commit, the edge writes them when it had to recover one from Postgres. A mirror write never
 * moves a version backwards, and a missed one heals when its TTL ends — a missing version is read
 * from Postgres, never assumed.
 *
 * The epoch names the database: random per migrated database, plus the database's oid (so two
 * copies of one template database differ too). A new database, or a restored copy, starts with
 * cold caches instead of old bodies.
 */
import type { DatabaseKeys, Version } from "./cache-keys.ts";

/** How long a mirrored version lives in Redis: the bound on a missed mirror write. */
export const VERSION_MIRROR_TTL_SECONDS = 60;

/** Scope names as the triggers write them. */
export const versionScope = {
  catalog: "catalog",
  epg: "epg",
  channel: (channelId: string) => `ch:${channelId}`,
};

/** The Redis mirror key of a scope. */
export function mirrorKeyOf(keys: DatabaseKeys, scope: string): string {
  if (scope === versionScope.catalog) return keys.version.catalog;
  if (scope === versionScope.epg) return keys.version.epg;
  return keys.version.channel(scope.slice(3));
}

/** SQL expression of the database's epoch (cache_epoch is readable by the edge's role). */
export const EPOCH_SQL = `(select epoch from cache_epoch) || '.' || (select oid::text from pg_database where datname = current_database())`;

/**
 * One statement: the epoch and the versions of the scopes in $1 (text[]); scopes never bumped
 * are absent (their version is 0 — Postgres says so, nothing is assumed).
 */
export const READ_VERSIONS_SQL = `select ${EPOCH_SQL} as epoch,
  coalesce((select json_object_agg(scope, version) from cache_versions where scope = any($1::text[])), '{}'::json) as versions`;

export interface StoredVersions {
  epoch: string;
  /** scope → version, for every scope asked about (0 when never bumped). */
  versions: Record<string, Version>;
}

/** Reads READ_VERSIONS_SQL's row. */
export function storedVersionsOf(
  row: { epoch: unknown; versions: unknown },
  scopes: string[],
): StoredVersions {
  const raw = (typeof row.versions === "string" ? JSON.parse(row.versions) : row.versions) as Record<
    string,
    unknown
  >;
  const versions: Record<string, Version> = {};
  for (const scope of scopes) versions[scope] = parseVersion(raw?.[scope]);
  return { epoch: String(row.epoch), versions };
}

/** A version read from Redis or Postgres (string, number or nil); nil is null (unknown). */
export function parseMirroredVersion(raw: unknown): Version | null {
  if (raw === null || raw === undefined) return null;
  const n = typeof raw === "number" ? raw : Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function parseVersion(raw: unknown): Version {
  return parseMirroredVersion(raw) ?? 0;
}

/**
 * KEYS: version keys; ARGV[1]: TTL seconds, ARGV[2..]: their versions. Sets each key unless it
 * holds a higher version already (a slower writer never undoes a newer bump); an equal one only
 * gets its TTL renewed (it was just confirmed against Postgres).
 */
export const MIRROR_VERSIONS_SCRIPT = `for i = 1, #KEYS do
  local new = tonumber(ARGV[i + 1])
  local cur = tonumber(redis.call('GET', KEYS[i]))
  if cur == nil or cur < new then
    redis.call('SET', KEYS[i], ARGV[i + 1], 'EX', ARGV[1])
  elseif cur == new then
    redis.call('EXPIRE', KEYS[i], ARGV[1])
  end
end
return #KEYS`;

/** The Redis EVAL that mirrors a set of stored versions: script, keys and arguments. */
export interface MirrorVersionsEval {
  script: string;
  keys: string[];
  /** The TTL in seconds, then each key's version. */
  args: number[];
}

/**
 * What the origin sends after a commit (and the tests that stand in for it), whatever the Redis
 * client: MIRROR_VERSIONS_SCRIPT over the mirror key of each scope in `stored` (as
 * READ_VERSIONS_SQL and storedVersionsOf read them), with the TTL and the versions.
 */
export function mirrorVersionsEval(keys: DatabaseKeys, stored: StoredVersions): MirrorVersionsEval {
  const scopes = Object.keys(stored.versions);
  return {
    script: MIRROR_VERSIONS_SCRIPT,
    keys: scopes.map((scope) => mirrorKeyOf(keys, scope)),
    args: [VERSION_MIRROR_TTL_SECONDS, ...scopes.map((scope) => stored.versions[scope] ?? 0)],
  };
}

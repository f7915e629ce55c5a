/**
 * What the per-user cache tier stores, read together with the versions it is valid for — in one
 * statement, so the versions describe exactly the rows read (one snapshot).
 */
import { EPOCH_SQL, versionScope } from "@seeyoo/schema/cache-versions";
import type { PublicChannel, PublicUser } from "@seeyoo/schema/wire";
import { sql } from "drizzle-orm";
import type { EdgeDatabase } from "./request-db.ts";

export interface UserState<T> {
  epoch: string;
  /** The user's version (user_cache_versions; 0 before their first change). */
  user: number;
  /** The catalog version (channel activity decides which favourites show). */
  catalog: number;
  /** Null when the account no longer exists. */
  value: T | null;
}

const versionsOf = (userId: string) => sql`
  ${sql.raw(EPOCH_SQL)} as epoch,
  coalesce((select version from cache_versions where scope = ${versionScope.catalog}), 0) as catalog,
  coalesce((select version from user_cache_versions where user_id = ${userId}), 0) as "user"`;

type Row = { epoch: string; catalog: string | number; user: string | number };
const stateOf = <T>(row: Row, value: T | null): UserState<T> => ({
  epoch: String(row.epoch),
  catalog: Number(row.catalog),
  user: Number(row.user),
  value,
});

/** The user's favourite channels, in their order (active channels only), shaped as PublicChannel. */
export async function favoritesState(db: EdgeDatabase, userId: string): Promise<UserState<PublicChannel[]>> {
  const { rows } = await db.execute<Row & { exists: boolean; channels: PublicChannel[] }>(sql`
    select ${versionsOf(userId)},
      exists (select 1 from users where id = ${userId}) as "exists",
      (select coalesce(json_agg(json_build_object(
          'id', c.id, 'slug', c.slug, 'number', c.number, 'name', c.name, 'logoUrl', c.logo_url,
          'category', c.category, 'allowedCountries', c.allowed_countries,
          'restartAllowed', c.restart_allowed, 'catchupHours', c.catchup_hours
        ) order by f.position, f.created_at), '[]'::json)
       from favorites f join channels c on c.id = f.channel_id
       where f.user_id = ${userId} and c.active) as channels`);
  const row = rows[0] as Row & { exists: boolean; channels: PublicChannel[] };
  return stateOf(row, row.exists ? row.channels : null);
}

/** The user as the database knows them now (a token can outlive its account). */
export async function accountState(db: EdgeDatabase, userId: string): Promise<UserState<PublicUser>> {
  const { rows } = await db.execute<Row & { account: PublicUser | null }>(sql`
    select ${versionsOf(userId)},
      (select json_build_object('id', id, 'email', email, 'name', name, 'role', role)
       from users where id = ${userId}) as account`);
  const row = rows[0] as Row & { account: PublicUser | null };
  return stateOf(row, row.account);
}

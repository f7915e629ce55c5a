/**
 * The signed-in viewer's own data — favourites and account — through the per-user cache tier
 * (cache/user-cache.ts): one Redis round trip when the entry is current, Postgres (one statement)
 * only on a miss. Every favourites write goes through `changeFavorites`, the one place that
 * writes the user's entry through after the change, so a user always reads their own write.
 */
import type { DatabaseKeys } from "@seeyoo/schema/cache-keys";
import { versionScope } from "@seeyoo/schema/cache-versions";
import { ProblemError, type PublicChannel, type PublicUser } from "@seeyoo/schema/wire";
import type { UserCache } from "../cache/user-cache.ts";
import type { CacheVersions } from "../cache/versions.ts";
import type { EdgeDatabase, RequestDb } from "../db/request-db.ts";
import { accountState, favoritesState, type UserState } from "../db/user-state-queries.ts";
import { etagOf } from "../http/etag.ts";

export interface ViewerAnswer {
  body: string;
  source: "redis" | "database";
}

export interface ViewerDataDeps {
  db: RequestDb;
  versions: CacheVersions;
  users: UserCache;
  ctx: { waitUntil(promise: Promise<unknown>): void };
}

type Kind = "favorites" | "account";

/** As the access-token guards refuse an invalid token (RFC 6750): the token names no account now. */
const accountGone = () =>
  new ProblemError(401, "unauthorized", "This account no longer exists", {
    headers: { "www-authenticate": 'Bearer realm="seeyoo", error="invalid_token"' },
  });

export class ViewerData {
  readonly #deps: ViewerDataDeps;

  constructor(deps: ViewerDataDeps) {
    this.#deps = deps;
  }

  /** `{ channels }`: the favourites in the user's order. */
  favorites(userId: string): Promise<ViewerAnswer> {
    return this.#read(userId, "favorites");
  }

  /** The user as the database knows them now (401 once the account is gone). */
  account(userId: string): Promise<ViewerAnswer> {
    return this.#read(userId, "account");
  }

  /** Runs a favourites write, then writes the user's entry through; answers the new list. */
  async changeFavorites(userId: string, write: (db: EdgeDatabase) => Promise<void>): Promise<ViewerAnswer> {
    await this.#deps.db.run(write);
    return this.#load(userId, "favorites", "now");
  }

  async #read(userId: string, kind: Kind): Promise<ViewerAnswer> {
    const { versions, users } = this.#deps;
    const keys = users.enabled ? await versions.knownKeys() : null;
    if (keys) {
      const key = entryKey(keys, kind, userId);
      const [catalog, entry] = await Promise.all([
        kind === "favorites" ? versions.read([versionScope.catalog]) : null,
        users.get(key),
      ]);
      const sameDatabase = !catalog || catalog.keys?.prefix === keys.prefix;
      const current = catalog?.versions?.[versionScope.catalog];
      if (
        entry &&
        sameDatabase &&
        (kind === "account" || (current !== undefined && entry.catalog >= current))
      ) {
        return { body: entry.body, source: "redis" };
      }
    }
    return this.#load(userId, kind, "later");
  }

  /** Postgres, then the entry: before answering after a write, in the background after a read. */
  async #load(userId: string, kind: Kind, store: "now" | "later"): Promise<ViewerAnswer> {
    const read: (db: EdgeDatabase, id: string) => Promise<UserState<PublicChannel[] | PublicUser>> =
      kind === "favorites" ? favoritesState : accountState;
    const state = await this.#deps.db.run((db) => read(db, userId));
    const keys = await this.#deps.versions.learned({
      epoch: state.epoch,
      versions: { [versionScope.catalog]: state.catalog },
    });
    if (state.value === null) throw accountGone();
    const body = JSON.stringify(kind === "favorites" ? { channels: state.value } : state.value);
    const entry = { user: state.user, catalog: state.catalog, etag: await etagOf(body), body };
    const put = this.#deps.users.put(entryKey(keys, kind, userId), entry);
    if (store === "now") await put;
    else this.#deps.ctx.waitUntil(put);
    return { body, source: "database" };
  }
}

const entryKey = (keys: DatabaseKeys, kind: Kind, userId: string) =>
  kind === "favorites" ? keys.user.favorites(userId) : keys.user.account(userId);

/**
 * The edge's role `seeyoo_edge` may read channels, programmes and the user columns the Worker
 * shows, and read/write favourites — nothing else. Proved by logging in as that role on a freshly
 * migrated database and trying what a stolen Worker secret would try.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../../test/origin-harness.ts";
import { databaseUrl } from "../../test/postgres-global-setup.ts";
import { openDatabase, pgErrorCode } from "./database.ts";
import { EDGE_DB_ROLE, setEdgeRolePassword } from "./edge-role-password.ts";
import { applyMigrations } from "./migrations.ts";

/** Every privilege the role holds in the database, as `table.privilege` or `table(column).privilege`. */
const EXPECTED_GRANTS = [
  // The cache versions and the database's epoch (migration 0007): every cached read is keyed by them.
  "cache_epoch.SELECT",
  "cache_versions.SELECT",
  "channels.SELECT",
  "epg_programs.SELECT",
  "favorites.DELETE",
  "favorites.INSERT",
  "favorites.SELECT",
  // Guide search's title words, for one-typo tolerance (migration 0006).
  "search_words.SELECT",
  // The per-user cache tier's versions (migration 0007).
  "user_cache_versions.SELECT",
  "users(email).SELECT",
  "users(id).SELECT",
  "users(name).SELECT",
  "users(role).SELECT",
];

let owner: pg.Pool;
let edge: pg.Pool;
const ids = { user: "", channel: "", provider: "" };

beforeAll(async () => {
  const url = await createTestDatabase();
  owner = openDatabase(url, { max: 2 }).pool;
  const password = randomBytes(24).toString("hex");
  await setEdgeRolePassword(owner, password);
  const asEdge = new URL(url);
  asEdge.username = EDGE_DB_ROLE;
  asEdge.password = password;
  edge = new pg.Pool({ connectionString: asEdge.toString(), max: 2 });

  const user = await owner.query<{ id: string }>(
    "insert into users (email, password_hash, name) values ('edge-role@example.test', '$2b$04$hash', 'E') returning id",
  );
  const channel = await owner.query<{ id: string }>(
    "insert into channels (slug, number, name, hls_path) values ('edge-role', 1, 'One', '/live/one') returning id",
  );
  const provider = await owner.query<{ id: string }>(
    "insert into epg_providers (name, api_key_hash, api_key_prefix) values ('P', 'abc', 'sk_epg_a') returning id",
  );
  ids.user = user.rows[0]?.id ?? "";
  ids.channel = channel.rows[0]?.id ?? "";
  ids.provider = provider.rows[0]?.id ?? "";
  const family = await owner.query<{ id: string }>(
    "insert into refresh_token_families (user_id, expires_at) values ($1, now() + interval '90 days') returning id",
    [ids.user],
  );
  await owner.query(
    "insert into refresh_tokens (token_hash, family_id, expires_at) values ('h', $1, now())",
    [family.rows[0]?.id],
  );
  await owner.query(
    "insert into ingest_runs (provider_id, format, status) values ($1, 'json', 'succeeded')",
    [ids.provider],
  );
});

afterAll(async () => {
  await edge?.end();
  await owner?.end();
});

/** The SQLSTATE of running `text` as seeyoo_edge, or "ok". */
async function asEdge(text: string, params: unknown[] = []): Promise<string> {
  try {
    await edge.query(text, params);
    return "ok";
  } catch (error) {
    return pgErrorCode(error) ?? String(error);
  }
}

const DENIED = "42501"; // insufficient_privilege

/** Runs the statements as seeyoo_edge, in order, and expects each to answer `expected`. */
async function expectAnswers(expected: string, statements: (string | [string, unknown[]])[]): Promise<void> {
  for (const statement of statements) {
    const [text, params] = typeof statement === "string" ? [statement, []] : statement;
    expect(await asEdge(text, params), text).toBe(expected);
  }
}

describe("the edge's database role", () => {
  it("logs in as seeyoo_edge, an ordinary role", async () => {
    const { rows } = await edge.query<{
      user: string;
      superuser: boolean;
      createrole: boolean;
      createdb: boolean;
    }>(
      `select current_user as user, rolsuper as superuser, rolcreaterole as createrole, rolcreatedb as createdb
       from pg_roles where rolname = current_user`,
    );
    expect(rows[0]).toEqual({ user: EDGE_DB_ROLE, superuser: false, createrole: false, createdb: false });
  });

  it("holds exactly the listed grants in this database", async () => {
    const { rows } = await owner.query<{ grant: string }>(
      `select table_name || '.' || privilege_type as grant from information_schema.role_table_grants
         where grantee = $1 and table_schema = 'public'
       union
       select table_name || '(' || column_name || ').' || privilege_type from information_schema.column_privileges
         where grantee = $1 and table_schema = 'public'
           and (table_name, privilege_type) not in (
             select table_name, privilege_type from information_schema.role_table_grants
             where grantee = $1 and table_schema = 'public')
       order by 1`,
      [EDGE_DB_ROLE],
    );
    expect(rows.map((r) => r.grant)).toEqual(EXPECTED_GRANTS);
  });

  it("reads what the Worker shows: channels, programmes, the public user columns", async () => {
    await expectAnswers("ok", [
      "select id, slug, hls_path, allowed_countries, active from channels",
      "select id, start_time, title from epg_programs",
      ["select id, email, name, role from users where id = $1", [ids.user]],
    ]);
  });

  it("reads and writes favourites, serialised per user by an advisory lock", async () => {
    await expectAnswers("ok", [
      ["insert into favorites (user_id, channel_id, position) values ($1, $2, 0)", [ids.user, ids.channel]],
      ["select * from favorites where user_id = $1", [ids.user]],
      "select pg_advisory_xact_lock(1, hashtext('x'))",
      ["delete from favorites where user_id = $1", [ids.user]],
    ]);
  });

  it.each([
    [
      "cannot read password hashes, refresh tokens, providers' key hashes or ingest runs",
      [
        "select password_hash from users",
        "select * from users",
        "select created_at from users",
        "select token_hash from refresh_tokens",
        "select * from refresh_token_families",
        "select api_key_hash from epg_providers",
        "select * from ingest_runs",
        "select * from drizzle.__drizzle_migrations",
      ],
    ],
    [
      "cannot change channels, programmes or users",
      [
        "update channels set name = 'pwned'",
        "delete from channels",
        "insert into channels (slug, number, name, hls_path) values ('x', 2, 'x', '/live/x')",
        // A real channel, so that nothing but the missing privilege can refuse it.
        "insert into epg_programs (channel_id, start_time, end_time, title) values ((select id from channels where slug = 'edge-role'), now(), now() + interval '1 hour', 'x')",
        "update epg_programs set title = 'x'",
        "delete from epg_programs",
        "update users set role = 'admin'",
        "update favorites set position = 9",
      ],
    ],
    [
      "cannot create objects or change the schema",
      ["create table edge_owned (id int)", "alter table channels add column x int", "truncate favorites"],
    ],
  ])("%s", async (_, statements) => {
    await expectAnswers(DENIED, statements);
  });
});

describe("the migration that creates the role", () => {
  it("migrates several databases of one cluster at once: the shared role is no conflict", async () => {
    const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await admin.connect();
    const names = Array.from({ length: 3 }, () => `seeyoo_t_role_${randomBytes(4).toString("hex")}`);
    try {
      for (const name of names) await admin.query(`create database ${name}`);
      const pools = names.map(
        (name) => openDatabase(databaseUrl(inject("pgAdminUrl"), name), { max: 1 }).pool,
      );
      try {
        await Promise.all(pools.map((pool) => applyMigrations(pool)));
        for (const pool of pools) {
          const { rows } = await pool.query<{ n: number }>(
            "select count(*)::int as n from information_schema.role_table_grants where grantee = $1",
            [EDGE_DB_ROLE],
          );
          // Every whole-table grant of the list (the users columns are column grants).
          expect(rows[0]?.n).toBe(EXPECTED_GRANTS.filter((grant) => !grant.includes("(")).length);
        }
      } finally {
        await Promise.all(pools.map((pool) => pool.end()));
      }
    } finally {
      for (const name of names) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

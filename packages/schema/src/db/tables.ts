/**
 * The database, as drizzle sees it. Every table SEEYOO has lives here; the migrations in
 * ../../migrations are generated from this file (plus custom SQL for what drizzle cannot express,
 * such as the no-overlap EXCLUDE constraint on epg_programs).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

/**
 * Postgres full-text search vectors. They are read only inside SQL (matched with `@@`), never
 * selected into application objects.
 */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * Guide search (see migrations/0006_guide_search.sql for the functions): every programme carries
 * two search vectors, computed by Postgres on write — its title alone (title matches rank first)
 * and title + subtitle + description. `seeyoo_search_vector` folds case and accents and keeps the
 * words unstemmed (for prefixes and phrases) and stemmed in German and in English, since
 * programmes carry no reliable language.
 */
const searchVectorOf = (text: ReturnType<typeof sql>) => sql`public.seeyoo_search_vector(${text})`;

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ["viewer", "admin"] })
      .notNull()
      .default("viewer"),
    ...timestamps,
  },
  (t) => [
    // Emails are unique whatever their case: one index on lower(email) enforces it.
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    check("users_role_check", sql`${t.role} in ('viewer', 'admin')`),
  ],
);

export const channels = pgTable(
  "channels",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Stable id EPG providers reference (the XMLTV channel id). */
    slug: text("slug").notNull(),
    number: integer("number").notNull(),
    name: text("name").notNull(),
    logoUrl: text("logo_url"),
    /** Path of the channel's folder on the CDN, e.g. `/live/ch1` — never a full URL. */
    hlsPath: text("hls_path").notNull(),
    category: text("category"),
    /** ISO 3166-1 alpha-2 codes; empty means everywhere. */
    allowedCountries: text("allowed_countries").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    /** Broadcaster's grant: viewers may restart the programme on air from its beginning. */
    restartAllowed: boolean("restart_allowed").notNull().default(false),
    /** Broadcaster's grant: programmes that ended at most this many hours ago play again (0 = none). */
    catchupHours: integer("catchup_hours").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("channels_slug_key").on(t.slug),
    uniqueIndex("channels_number_key").on(t.number),
    check("channels_number_check", sql`${t.number} > 0`),
    check("channels_catchup_hours_check", sql`${t.catchupHours} between 0 and 168`),
  ],
);

export const favorites = pgTable(
  "favorites",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.channelId] }),
    index("favorites_user_position_idx").on(t.userId, t.position),
  ],
);

export const epgProviders = pgTable(
  "epg_providers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** SHA-256 (hex) of the API key; the key itself is shown once and never stored. */
    apiKeyHash: text("api_key_hash").notNull(),
    /** First characters of the key, so an admin can tell keys apart. */
    apiKeyPrefix: text("api_key_prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("epg_providers_api_key_hash_key").on(t.apiKeyHash)],
);

/**
 * Which of our channels a provider may write, and the id the provider calls each one in its posts
 * (the XMLTV `channel` id, e.g. `DasErste.de`). A channel has at most one provider at a time: two
 * providers writing one channel's schedule would overwrite each other's windows on every post.
 */
export const providerChannels = pgTable(
  "provider_channels",
  {
    providerId: uuid("provider_id")
      .notNull()
      .references(() => epgProviders.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    providerChannelId: varchar("provider_channel_id", { length: 256 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "provider_channels_pkey", columns: [t.providerId, t.providerChannelId] }),
    uniqueIndex("provider_channels_channel_key").on(t.channelId),
  ],
);

export const epgPrograms = pgTable(
  "epg_programs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    /** Half-open interval [start_time, end_time). */
    startTime: timestamp("start_time", { withTimezone: true }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true }).notNull(),
    title: text("title").notNull(),
    subtitle: text("subtitle"),
    description: text("description"),
    categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
    season: integer("season"),
    episode: integer("episode"),
    episodeOnscreen: text("episode_onscreen"),
    rating: text("rating"),
    imageUrl: text("image_url"),
    /**
     * The provider that wrote the programme (provenance). No foreign key on purpose: its per-row
     * check cost ~10 % of every ingest's insert, providers are never deleted (only revoked), and
     * only ingestion writes the column, with the id of the provider it authenticated.
     */
    providerId: uuid("provider_id"),
    searchTitle: tsvector("search_title").generatedAlwaysAs(searchVectorOf(sql`title`)),
    searchText: tsvector("search_text").generatedAlwaysAs(
      searchVectorOf(sql`title || ' ' || coalesce(subtitle, '') || ' ' || coalesce(description, '')`),
    ),
  },
  (t) => [
    index("epg_programs_channel_start_idx").on(t.channelId, t.startTime),
    check("epg_programs_time_order_check", sql`${t.endTime} > ${t.startTime}`),
    // epg_programs_no_overlap (EXCLUDE USING gist) lives in a custom migration.
    // Guide search: the two vectors, programmes in airing order across channels, and the
    // programmes on air at an instant (at most one per channel, found without a per-channel probe).
    // A small pending list (256 kB, default 4 MB): right after an ingest every search scans it, and
    // at 4 MB that made searches 3–5× slower until autovacuum merged it (docs/benchmarks.md).
    index("epg_programs_search_title_idx").using("gin", t.searchTitle).with({ gin_pending_list_limit: 256 }),
    index("epg_programs_search_text_idx").using("gin", t.searchText).with({ gin_pending_list_limit: 256 }),
    index("epg_programs_start_idx").on(t.startTime, t.channelId),
    index("epg_programs_airing_idx").using("spgist", sql`tstzrange(${t.startTime}, ${t.endTime}, '[)')`),
  ],
);

/**
 * Every word of the guide's titles and subtitles, case and accents folded: where a search word
 * that matches nothing finds the words it is one typo away from (pg_trgm). Kept by a trigger on
 * epg_programs (see the guide-search migration); words are never removed, so it only grows with
 * the vocabulary of titles, not with the number of programmes.
 */
export const searchWords = pgTable("search_words", { word: text("word").primaryKey() }, (t) => [
  index("search_words_trigram_idx").using("gist", t.word.op("gist_trgm_ops")),
]);

/**
 * A refresh-token family is one sign-in: a signed-in device. Its tokens rotate on every refresh
 * (each one expires after the sliding lifetime); the family itself ends at `expires_at` (the
 * absolute lifetime) or when revoked (sign-out, reuse, password change).
 */
export const refreshTokenFamilies = pgTable(
  "refresh_token_families",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** What the viewer sees in the device list: `deviceName` at sign-in, or from the User-Agent. */
    deviceName: text("device_name").notNull().default("Unknown device"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** The sign-in, then the last refresh rounded down to the hour: written at most once an hour (inside the rotation statement). */
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end of the family, whatever its refreshes. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
  },
  (t) => [
    index("refresh_token_families_user_idx").on(t.userId),
    check("refresh_token_families_device_name_check", sql`char_length(${t.deviceName}) between 1 and 100`),
  ],
);

export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    /** SHA-256 (hex) of the opaque token; the token itself is never stored. */
    tokenHash: text("token_hash").primaryKey(),
    familyId: uuid("family_id")
      .notNull()
      .references(() => refreshTokenFamilies.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Set when the token was exchanged; presenting it again is reuse. */
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId)],
);

export const ingestRuns = pgTable(
  "ingest_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id").references(() => epgProviders.id, { onDelete: "set null" }),
    format: text("format", { enum: ["xmltv", "json"] }).notNull(),
    contentHash: text("content_hash"),
    status: text("status", { enum: ["succeeded", "unchanged", "failed", "rejected"] }).notNull(),
    programmesInserted: integer("programmes_inserted").notNull().default(0),
    programmesUpdated: integer("programmes_updated").notNull().default(0),
    programmesDeleted: integer("programmes_deleted").notNull().default(0),
    programmesRejected: integer("programmes_rejected").notNull().default(0),
    bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
    durationMs: integer("duration_ms").notNull().default(0),
    report: jsonb("report").notNull().default(sql`'{}'::jsonb`),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ingest_runs_started_idx").on(t.startedAt),
    index("ingest_runs_provider_hash_idx").on(t.providerId, t.contentHash),
  ],
);

/**
 * Cache versions, anchored where the data is (see ../cache-versions.ts). Triggers of the migration
 * bump them in the same transaction as the change they describe — at most once per transaction and
 * scope — so no writer can forget to; Redis only mirrors them. The epoch is random per database
 * (made by the migration), so two databases never produce the same cache keys.
 */
export const cacheEpoch = pgTable(
  "cache_epoch",
  {
    singleton: boolean("singleton").primaryKey().default(true),
    epoch: text("epoch").notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
  },
  (t) => [check("cache_epoch_singleton_check", sql`${t.singleton}`)],
);

/** `catalog`, `epg` and `ch:<channel id>` (a channel's schedule). */
export const cacheVersions = pgTable("cache_versions", {
  scope: text("scope").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
  /** The transaction that last bumped it (one bump per transaction). */
  bumpedIn: bigint("bumped_in", { mode: "number" }).notNull(),
});

/** One user's favourites and account, as cached per user at the edge. */
export const userCacheVersions = pgTable("user_cache_versions", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  version: bigint("version", { mode: "number" }).notNull(),
  bumpedIn: bigint("bumped_in", { mode: "number" }).notNull(),
});

export type UserRow = typeof users.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;
export type EpgProgramRow = typeof epgPrograms.$inferSelect;
export type EpgProviderRow = typeof epgProviders.$inferSelect;
export type IngestRunRow = typeof ingestRuns.$inferSelect;
export type ProviderChannelRow = typeof providerChannels.$inferSelect;

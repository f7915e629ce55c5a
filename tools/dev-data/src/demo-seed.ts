/**
 * Demo data for a local database: two accounts and a channel line-up. Runs only when the users
 * table is empty, so it never touches a database that is in use — and `npm start` (and the edge
 * benchmark's stack) are the only callers (production has no code path to it).
 */
import type { Database } from "@seeyoo/origin/database";
import type { Passwords } from "@seeyoo/origin/passwords";
import { channels, users } from "@seeyoo/schema/db";
import { sql } from "drizzle-orm";

export const DEMO_ACCOUNTS = [
  { email: "admin@seeyoo.test", password: "admin-demo-pass", name: "Demo Admin", role: "admin" },
  { email: "viewer@seeyoo.test", password: "viewer-demo-pass", name: "Demo Viewer", role: "viewer" },
] as const;

interface DemoChannel {
  name: string;
  category: string;
  countries?: string[];
  /** Restart and catch-up rights, as a broadcaster would grant them (none unless given). */
  rights?: { restartAllowed: boolean; catchupHours: number };
}

// The three test channels differ in rights, so every player action has a channel to show it on:
// One restarts and replays a week, News only restarts, Sport (and the rest) offer neither.
const DEMO_CHANNELS: DemoChannel[] = [
  { name: "SEEYOO One", category: "General", rights: { restartAllowed: true, catchupHours: 168 } },
  { name: "SEEYOO News", category: "News", rights: { restartAllowed: true, catchupHours: 0 } },
  { name: "SEEYOO Sport", category: "Sport", countries: ["DE", "AT", "CH"] },
  { name: "Cinema Classic", category: "Movies" },
  { name: "Kids Planet", category: "Kids" },
  { name: "Doku Welt", category: "Documentary" },
  { name: "Music Wave", category: "Music" },
  { name: "Comedy Central Park", category: "Entertainment" },
  { name: "Nature Live", category: "Documentary" },
  { name: "Tech Today", category: "Science" },
  { name: "Food & Travel", category: "Lifestyle" },
  { name: "History Hour", category: "Documentary" },
  { name: "Arena Motors", category: "Sport" },
  { name: "Euro Business", category: "News" },
  { name: "Series Plus", category: "Entertainment" },
  { name: "Retro TV", category: "Entertainment" },
  { name: "Weather 24", category: "News" },
  { name: "Jazz Lounge", category: "Music" },
  { name: "Science Lab", category: "Science" },
  { name: "Regional Nord", category: "Regional", countries: ["DE"] },
];

export const slugOf = (name: string) =>
  `${name
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}.seeyoo.test`;

export interface DemoSeedOptions {
  /** The local CDN's base URL: demo channels get its generated logos (`/logos/<slug>.svg`). */
  cdnBaseUrl?: string;
}

const logoUrlOf = (cdnBaseUrl: string | undefined, slug: string) =>
  cdnBaseUrl ? `${cdnBaseUrl}/logos/${slug}.svg` : null;

/**
 * A database seeded before channels had viewing rights gets the demo channels' rights once: only
 * while no channel has any right yet, so an admin's later changes are never overwritten.
 */
async function grantDemoRights(db: Database): Promise<void> {
  const granted = DEMO_CHANNELS.filter((ch) => ch.rights);
  await db.execute(sql`
    update channels c set restart_allowed = r.restart_allowed, catchup_hours = r.catchup_hours
      from (values ${sql.join(
        granted.map(
          (ch) =>
            sql`(${slugOf(ch.name)}, ${ch.rights?.restartAllowed ?? false}::boolean, ${ch.rights?.catchupHours ?? 0}::int)`,
        ),
        sql`, `,
      )}) as r(slug, restart_allowed, catchup_hours)
     where c.slug = r.slug
       and not exists (select 1 from channels where restart_allowed or catchup_hours > 0)`);
}

/**
 * Seeds when the database has no users; returns whether it did. With a CDN base URL, a database
 * seeded before logos existed gets them too: only demo channels still without a logo are touched.
 */
export async function seedDemoData(
  db: Database,
  passwords: Passwords,
  options: DemoSeedOptions = {},
): Promise<boolean> {
  const [{ n } = { n: 0 }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from users`))
    .rows;
  if (n > 0) {
    await grantDemoRights(db);
    if (options.cdnBaseUrl) {
      const slugs = DEMO_CHANNELS.map((ch) => slugOf(ch.name));
      await db.execute(
        sql`update channels set logo_url = ${options.cdnBaseUrl} || '/logos/' || slug || '.svg'
             where logo_url is null and slug in (${sql.join(
               slugs.map((slug) => sql`${slug}`),
               sql`, `,
             )})`,
      );
    }
    return false;
  }
  const accounts = await Promise.all(
    DEMO_ACCOUNTS.map(async (a) => ({
      email: a.email,
      name: a.name,
      role: a.role,
      passwordHash: await passwords.hash(a.password),
    })),
  );
  await db.transaction(async (tx) => {
    await tx.insert(users).values(accounts);
    await tx
      .insert(channels)
      .values(
        DEMO_CHANNELS.map((ch, i) => {
          const slug = slugOf(ch.name);
          return {
            slug,
            number: i + 1,
            name: ch.name,
            category: ch.category,
            hlsPath: `/live/${slug.split(".")[0]}`,
            logoUrl: logoUrlOf(options.cdnBaseUrl, slug),
            allowedCountries: ch.countries ?? [],
            ...ch.rights,
          };
        }),
      )
      .onConflictDoNothing();
  });
  return true;
}

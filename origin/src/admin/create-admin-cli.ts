/**
 * `npm run admin:create -- <email> <name>` — creates the first admin (or promotes an existing
 * account). The password comes from $ADMIN_PASSWORD or the first line of standard input, never
 * from the command line (it would land in shell history and `ps`).
 */
import { createInterface } from "node:readline";
import { users } from "@seeyoo/schema/db";
import { RegisterRequest } from "@seeyoo/schema/wire";
import { eq, sql } from "drizzle-orm";
import * as v from "valibot";
import { Passwords } from "../auth/passwords.ts";
import { openDatabase } from "../db/database.ts";

const [email, ...nameParts] = process.argv.slice(2);
const name = nameParts.join(" ") || "Administrator";
const url = process.env.DATABASE_URL;
if (!url || !email) {
  console.error("usage: DATABASE_URL=… ADMIN_PASSWORD=… npm run admin:create -- <email> [name]");
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

const password = await readPassword();
const check = v.safeParse(RegisterRequest, { email, name, password });
if (!check.success) {
  for (const issue of check.issues) console.error(`${v.getDotPath(issue) ?? "?"}: ${issue.message}`);
  process.exit(2);
}

const { pool, db } = openDatabase(url, { max: 1 });
try {
  const cost = Number(process.env.BCRYPT_COST ?? 12);
  const passwordHash = await new Passwords(cost).hash(password);
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, check.output.email.toLowerCase()));
  if (existing) {
    await db.update(users).set({ role: "admin", updatedAt: sql`now()` }).where(eq(users.id, existing.id));
    console.log(JSON.stringify({ msg: "existing account promoted to admin", id: existing.id }));
  } else {
    const [row] = await db
      .insert(users)
      .values({ email: check.output.email, name: check.output.name, passwordHash, role: "admin" })
      .returning({ id: users.id });
    console.log(JSON.stringify({ msg: "admin created", id: row?.id }));
  }
} finally {
  await pool.end();
}

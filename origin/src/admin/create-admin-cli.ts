/**
 * `npm run admin:create -- <email> <name>` — creates the first admin (or promotes an existing
 * account). The password comes from $ADMIN_PASSWORD or the first line of standard input, never
 * from the command line (it would land in shell history and `ps`).
 */
import { createInterface } from "node:readline";
import { RegisterRequest } from "@seeyoo/schema/wire";
import * as v from "valibot";
import { Passwords } from "../auth/passwords.ts";
import { findUserForLogin, insertUser, promoteToAdmin } from "../auth/user-store.ts";
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
  const existing = await findUserForLogin(db, check.output.email);
  if (existing) {
    await promoteToAdmin(db, existing.id);
    console.log(JSON.stringify({ msg: "existing account promoted to admin", id: existing.id }));
  } else {
    const { email, name } = check.output;
    const created = await insertUser(db, { email, name, passwordHash, role: "admin" });
    console.log(JSON.stringify({ msg: "admin created", id: created.id }));
  }
} finally {
  await pool.end();
}

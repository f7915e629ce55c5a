import { users } from "@seeyoo/schema/db";
import type { PublicUser, Role } from "@seeyoo/schema/wire";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";

const publicColumns = { id: users.id, email: users.email, name: users.name, role: users.role };

export async function findUserById(db: Database, id: string): Promise<PublicUser | undefined> {
  const [user] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return user;
}

export async function findUserForLogin(db: Database, email: string) {
  const [user] = await db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return user;
}

/** What a password change needs: the email (its rate limits) and the current hash. */
export async function findCredentialsById(db: Database, id: string) {
  const [user] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, id));
  return user;
}

export async function insertUser(
  db: Database,
  user: { email: string; name: string; passwordHash: string; role?: Role },
): Promise<PublicUser> {
  const [row] = await db
    .insert(users)
    .values({
      email: user.email,
      name: user.name,
      passwordHash: user.passwordHash,
      role: user.role ?? "viewer",
    })
    .returning(publicColumns);
  if (!row) throw new Error("user insert returned nothing");
  return row;
}

export async function updatePasswordHash(
  executor: Pick<Database, "update">,
  id: string,
  passwordHash: string,
) {
  await executor.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, id));
}

/** Makes an existing account an admin. */
export async function promoteToAdmin(db: Database, id: string): Promise<void> {
  await db.update(users).set({ role: "admin", updatedAt: sql`now()` }).where(eq(users.id, id));
}

/** Deletes an account (its favourites and sign-ins go with it); false when there was none. */
export async function deleteUser(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}

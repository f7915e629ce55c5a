import { users } from "@seeyoo/schema/db";
import type { PublicUser } from "@seeyoo/schema/wire";
import { eq } from "drizzle-orm";
import type { EdgeDatabase } from "./request-db.ts";

/** The user as the database knows them now (a token can outlive its account). */
export async function findUser(db: EdgeDatabase, id: string): Promise<PublicUser | undefined> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.id, id));
  return user;
}

/** Whether the account a token names still exists. */
export async function accountExists(db: EdgeDatabase, id: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).limit(1);
  return rows.length > 0;
}

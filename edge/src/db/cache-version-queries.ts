import { READ_VERSIONS_SQL, type StoredVersions, storedVersionsOf } from "@seeyoo/schema/cache-versions";
import type { EdgeDatabase } from "./request-db.ts";

/** The database's epoch and the versions of these scopes, in one statement. */
export async function readStoredVersions(db: EdgeDatabase, scopes: string[]): Promise<StoredVersions> {
  const { rows } = await db.$client.query(READ_VERSIONS_SQL, [scopes]);
  return storedVersionsOf(rows[0] as { epoch: unknown; versions: unknown }, scopes);
}

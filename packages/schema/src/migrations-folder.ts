/** Where the SQL migrations live on disk, for the migrator (which runs in Node) and its checks. */
export const migrationsFolder = decodeURIComponent(new URL("../migrations", import.meta.url).pathname);

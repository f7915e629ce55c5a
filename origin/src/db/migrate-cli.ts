/** `npm run db:migrate` — applies every migration to $DATABASE_URL (idempotent). */
import { openDatabase } from "./database.ts";
import { applyMigrations } from "./migrations.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required");
  process.exit(2);
}
const { pool } = openDatabase(url, { max: 1 });
try {
  await applyMigrations(pool);
  console.log(JSON.stringify({ msg: "migrations applied" }));
} finally {
  await pool.end();
}

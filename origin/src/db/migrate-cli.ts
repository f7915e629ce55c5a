/**
 * `npm run db:migrate` (and the k8s migrate Job) — applies every migration to $DATABASE_URL
 * (idempotent), then, when EDGE_DB_PASSWORD is set, gives the edge's role `seeyoo_edge` that
 * password (the Worker's DATABASE_URL logs in with it).
 */
import { openDatabase } from "./database.ts";
import { edgeDbPasswordProblem, setEdgeRolePassword } from "./edge-role-password.ts";
import { applyMigrations } from "./migrations.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required");
  process.exit(2);
}
const edgeDbPassword = process.env.EDGE_DB_PASSWORD || undefined;
const problem = edgeDbPassword === undefined ? null : edgeDbPasswordProblem(edgeDbPassword);
if (problem) {
  console.error(`EDGE_DB_PASSWORD ${problem}`);
  process.exit(2);
}
const { pool } = openDatabase(url, { max: 1 });
try {
  await applyMigrations(pool);
  console.log(JSON.stringify({ msg: "migrations applied" }));
  if (edgeDbPassword !== undefined) {
    await setEdgeRolePassword(pool, edgeDbPassword);
    console.log(JSON.stringify({ msg: "edge role password set", role: "seeyoo_edge" }));
  }
} finally {
  await pool.end();
}

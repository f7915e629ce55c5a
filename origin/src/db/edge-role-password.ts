/**
 * Gives the edge's least-privilege role (`seeyoo_edge`, created by a migration without a password)
 * the password the Worker's DATABASE_URL carries: EDGE_DB_PASSWORD, which the migrate step reads.
 *
 * The password is sent as a SCRAM-SHA-256 verifier computed here (what psql's \password does), so
 * the plain password never appears in a statement the server might log (log_statement = ddl).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import type pg from "pg";
import { pgErrorCode } from "./database.ts";

export const EDGE_DB_ROLE = "seeyoo_edge";
const SCRAM_ITERATIONS = 4096;

/**
 * Printable ASCII only: SCRAM normalises passwords with SASLprep, which leaves ASCII unchanged, so
 * the verifier computed here is the one the server would compute. Terraform generates 40
 * alphanumerics; `npm start` 48 hex digits.
 */
export function edgeDbPasswordProblem(password: string): string | null {
  if (password.length < 16) return "must be at least 16 characters";
  if (!/^[\x21-\x7e]+$/.test(password)) return "may hold printable ASCII only (no spaces)";
  return null;
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802, RFC 7677), as Postgres stores it. */
export function scramSha256Verifier(password: string, salt = randomBytes(16)): string {
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  const b64 = (bytes: Buffer) => bytes.toString("base64");
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/**
 * ALTER ROLE seeyoo_edge LOGIN PASSWORD <verifier>. The role is shared by every database of the
 * cluster, so two migrate steps may set it at once; Postgres then fails one with "tuple
 * concurrently updated" (XX000), which is retried.
 */
export async function setEdgeRolePassword(pool: pg.Pool, password: string): Promise<void> {
  const problem = edgeDbPasswordProblem(password);
  if (problem) throw new Error(`EDGE_DB_PASSWORD ${problem}`);
  // Base64, digits, '$' and ':' only: nothing in the verifier can end the quoted literal.
  const statement = `ALTER ROLE ${EDGE_DB_ROLE} LOGIN PASSWORD '${scramSha256Verifier(password)}'`;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query(statement);
      return;
    } catch (error) {
      if (pgErrorCode(error) !== "XX000" || attempt === 5) throw error;
      await new Promise((retry) => setTimeout(retry, 20 * attempt));
    }
  }
}

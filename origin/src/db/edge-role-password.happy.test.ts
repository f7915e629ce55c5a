import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { edgeDbPasswordProblem, scramSha256Verifier } from "./edge-role-password.ts";

describe("the edge role's password", () => {
  it("is sent as the SCRAM-SHA-256 verifier Postgres itself computes for it", async () => {
    // Postgres hashes a password for a throw-away role; the same password and salt must give
    // the same verifier here, so the server accepts the edge's password when it logs in.
    const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await admin.connect();
    const role = `seeyoo_scram_${randomBytes(4).toString("hex")}`;
    const password = randomBytes(20).toString("hex");
    try {
      await admin.query("set password_encryption = 'scram-sha-256'");
      await admin.query(`create role ${role} password '${password}'`);
      const { rows } = await admin.query<{ verifier: string }>(
        "select rolpassword as verifier from pg_authid where rolname = $1",
        [role],
      );
      const serverVerifier = rows[0]?.verifier ?? "";
      const salt = Buffer.from(/^SCRAM-SHA-256\$\d+:([^$]+)\$/.exec(serverVerifier)?.[1] ?? "", "base64");
      expect(salt.length).toBeGreaterThan(0);
      expect(scramSha256Verifier(password, salt)).toBe(serverVerifier);
    } finally {
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    }
  });

  it("refuses passwords the verifier could get wrong or that are too short", () => {
    expect(edgeDbPasswordProblem("a".repeat(40))).toBeNull();
    expect(edgeDbPasswordProblem("short")).toMatch(/at least 16/);
    expect(edgeDbPasswordProblem("contains spaces in it here")).toMatch(/ASCII/);
    expect(edgeDbPasswordProblem("pässwörter-mit-umlauten")).toMatch(/ASCII/);
  });
});

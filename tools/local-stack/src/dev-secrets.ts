/**
 * Development-only keys, made once and kept in the git-ignored .local/ folder so that sessions
 * and signed URLs survive a restart: the origin's JWT signing key, a CloudFront-style RSA key
 * pair for playback signing (the local CDN verifies with the public half) and the password of the
 * edge's database role `seeyoo_edge`. Never for production.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";

export interface DevSecrets {
  jwtPrivateKeysJson: string;
  cloudfrontPrivateKeyPem: string;
  cloudfrontPublicKeyPem: string;
  /** What the migrate step sets as seeyoo_edge's password (EDGE_DB_PASSWORD) and the Worker logs in with. */
  edgeDbPassword: string;
}

export async function loadOrCreateDevSecrets(dir: string): Promise<DevSecrets> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const jwtPath = join(dir, "dev-jwt-keys.json");
  const cfPrivate = join(dir, "dev-cloudfront-private.pem");
  const cfPublic = join(dir, "dev-cloudfront-public.pem");
  const edgeDb = join(dir, "dev-edge-db-password");
  if (!existsSync(jwtPath)) {
    writeFileSync(jwtPath, JSON.stringify([await generateSigningJwk("dev-1")]), { mode: 0o600 });
  }
  if (!existsSync(cfPrivate) || !existsSync(cfPublic)) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(cfPrivate, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(cfPublic, pair.publicKey.export({ type: "spki", format: "pem" }));
  }
  if (!existsSync(edgeDb)) writeFileSync(edgeDb, randomBytes(24).toString("hex"), { mode: 0o600 });
  return {
    jwtPrivateKeysJson: readFileSync(jwtPath, "utf8"),
    cloudfrontPrivateKeyPem: readFileSync(cfPrivate, "utf8"),
    cloudfrontPublicKeyPem: readFileSync(cfPublic, "utf8"),
    edgeDbPassword: readFileSync(edgeDb, "utf8").trim(),
  };
}

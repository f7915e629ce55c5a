/**
 * Throwaway JWT signing keys — what JWT_PRIVATE_KEYS holds — for the local stack, tests and
 * benchmarks. Production keys are made and stored by operations (docs/operations.md), never here.
 */
import { randomUUID } from "node:crypto";
import { ACCESS_TOKEN_ALGORITHM } from "@seeyoo/schema/wire";
import { exportJWK, generateKeyPair, type JWK } from "jose";

/** A fresh private P-256 JWK with a kid. */
export async function generateSigningJwk(kid = `dev-${randomUUID().slice(0, 8)}`): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALGORITHM };
}

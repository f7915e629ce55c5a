/**
 * The origin's JWT keys. Several may be configured at once for rotation: the first signs, all
 * are published in the JWKS (and verify), so tokens signed by a retiring key stay valid until
 * they expire. Only ES256 is accepted, and algorithms are pinned on verification.
 */
import { randomUUID } from "node:crypto";
import type { AccessTokenClaims, Role } from "@seeyoo/schema/wire";
import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from "jose";
import { ConfigError } from "../config.ts";

const ALG = "ES256";

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

export interface VerifiedAccessToken extends JWTPayload {
  sub: string;
  role: Role;
}

export class SigningKeys {
  readonly #keys: SigningKey[];
  readonly #settings: TokenSettings;
  readonly #verifySet: ReturnType<typeof createLocalJWKSet>;

  private constructor(keys: SigningKey[], settings: TokenSettings) {
    this.#keys = keys;
    this.#settings = settings;
    this.#verifySet = createLocalJWKSet({ keys: keys.map((k) => k.publicJwk) });
  }

  static async fromJson(json: string, settings: TokenSettings): Promise<SigningKeys> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new ConfigError("invalid configuration:\n  JWT_PRIVATE_KEYS: is not valid JSON");
    }
    if (!Array.isArray(parsed) || parsed.length === 0) {
      throw new ConfigError(
        "invalid configuration:\n  JWT_PRIVATE_KEYS: must be a non-empty JSON array of JWKs",
      );
    }
    const kids = new Set<string>();
    const keys = await Promise.all(
      parsed.map(async (jwk: JWK, i) => {
        const where = `JWT_PRIVATE_KEYS[${i}]`;
        if (jwk?.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d || typeof jwk.kid !== "string" || !jwk.kid) {
          throw new ConfigError(
            `invalid configuration:\n  ${where}: must be a private EC P-256 JWK with a kid`,
          );
        }
        if (kids.has(jwk.kid)) throw new ConfigError(`invalid configuration:\n  ${where}: duplicate kid`);
        kids.add(jwk.kid);
        const privateKey = (await importJWK(jwk, ALG)) as CryptoKey;
        const { d: _private, ...rest } = jwk;
        const publicJwk: JWK = {
          kty: rest.kty,
          crv: rest.crv,
          x: rest.x,
          y: rest.y,
          kid: jwk.kid,
          alg: ALG,
          use: "sig",
        };
        return { kid: jwk.kid, privateKey, publicJwk };
      }),
    );
    return new SigningKeys(keys, settings);
  }

  get accessTtlSeconds(): number {
    return this.#settings.accessTtlSeconds;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.#keys.map((k) => k.publicJwk) };
  }

  async signAccessToken(claims: AccessTokenClaims): Promise<string> {
    const signer = this.#keys[0];
    if (!signer) throw new Error("no signing key");
    return new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: ALG, kid: signer.kid, typ: "JWT" })
      .setIssuer(this.#settings.issuer)
      .setAudience(this.#settings.audience)
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(`${this.#settings.accessTtlSeconds}s`)
      .setJti(randomUUID())
      .sign(signer.privateKey);
  }

  /** Throws on any defect: wrong algorithm, unknown kid, bad signature, iss/aud/exp. */
  async verifyAccessToken(token: string): Promise<VerifiedAccessToken> {
    const { payload } = await jwtVerify(token, this.#verifySet, {
      algorithms: [ALG],
      issuer: this.#settings.issuer,
      audience: this.#settings.audience,
      requiredClaims: ["sub", "exp", "iat", "jti"],
    });
    if (typeof payload.sub !== "string" || (payload.role !== "viewer" && payload.role !== "admin")) {
      throw new Error("token lacks sub or role");
    }
    return payload as VerifiedAccessToken;
  }
}

/** A fresh private P-256 JWK with a kid, for development and tests (never for production). */
export async function generateSigningJwk(kid = `dev-${randomUUID().slice(0, 8)}`): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: ALG };
}

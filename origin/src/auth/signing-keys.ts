/**
 * The origin's JWT keys. Several may be configured at once for rotation: the first signs, all
 * are published in the JWKS (and verify), so tokens signed by a retiring key stay valid until
 * they expire. Access tokens are ES256 JWTs of type `at+jwt` whose claims match
 * `AccessTokenClaims` — checked before signing, and again by every verifier (here and at the edge).
 */
import { randomUUID } from "node:crypto";
import { type TokenHolder, verifyAccessToken } from "@seeyoo/http";
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, AccessTokenClaims, type Role } from "@seeyoo/schema/wire";
import { type CryptoKey, createLocalJWKSet, importJWK, type JWK, SignJWT } from "jose";
import * as v from "valibot";
import { ConfigError } from "../config.ts";

const ALG = ACCESS_TOKEN_ALGORITHM;

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

  /** A new access token for `holder` (its id is the subject), signed in as `sid` (its refresh-token family). */
  async signAccessToken(holder: { sub: string; role: Role; sid: string }): Promise<string> {
    const signer = this.#keys[0];
    if (!signer) throw new Error("no signing key");
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = v.parse(AccessTokenClaims, {
      iss: this.#settings.issuer,
      aud: this.#settings.audience,
      sub: holder.sub,
      iat: now,
      exp: now + this.#settings.accessTtlSeconds,
      jti: randomUUID(),
      role: holder.role,
      sid: holder.sid,
    });
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid: signer.kid, typ: ACCESS_TOKEN_TYPE })
      .sign(signer.privateKey);
  }

  /** The holder of a valid access token of ours; null for any defect. */
  verifyAccessToken(token: string): Promise<TokenHolder | null> {
    return verifyAccessToken(token, this.#verifySet, this.#settings);
  }
}

/**
 * Verifies the origin's ES256 access tokens locally against its JWKS — no round trip per
 * request. The key set is fetched once per isolate and cached; a token with an unknown `kid`
 * triggers a refetch at most once per cooldown, so a flood of random kids cannot hammer the
 * origin. Algorithms are pinned to ES256; iss, aud and exp are checked.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import type { Viewer } from "../edge-env.ts";
import type { Settings } from "../env.ts";

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, KeySet>();

function keySetFor(settings: Settings): KeySet {
  const id = `${settings.jwksUrl}|${settings.jwksCooldownSeconds}`;
  let set = keySets.get(id);
  if (!set) {
    set = createRemoteJWKSet(new URL(settings.jwksUrl), {
      cooldownDuration: settings.jwksCooldownSeconds * 1000,
      cacheMaxAge: 10 * 60 * 1000,
      timeoutDuration: 5_000,
    });
    keySets.set(id, set);
  }
  return set;
}

export async function verifyAccessToken(token: string, settings: Settings): Promise<Viewer> {
  const { payload } = await jwtVerify(token, keySetFor(settings), {
    algorithms: ["ES256"],
    issuer: settings.jwtIssuer,
    audience: settings.jwtAudience,
    requiredClaims: ["sub", "exp", "iat"],
  });
  if (typeof payload.sub !== "string" || (payload.role !== "viewer" && payload.role !== "admin")) {
    throw new Error("token lacks sub or role");
  }
  return { id: payload.sub, role: payload.role };
}

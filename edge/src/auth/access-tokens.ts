/**
 * The origin's public keys, from its JWKS — verified against locally, no round trip per request.
 * The key set is fetched once per isolate and cached; a token with an unknown `kid` triggers a
 * refetch at most once per cooldown, so a flood of random kids cannot hammer the origin.
 */
import { createRemoteJWKSet } from "jose";
import type { Settings } from "../env.ts";

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, KeySet>();

export function originKeys(settings: Settings): KeySet {
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

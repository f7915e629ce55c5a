/**
 * The signed-in session: signs in and up, keeps a fresh access token (renewed a minute before it
 * expires, and once more when the API rejects one), and signs out. The refresh token is a cookie
 * the browser keeps and sends only to /v1/auth (token-store.ts); every auth call says
 * `x-token-delivery: cookie`, which also is what lets refresh and logout use that cookie.
 * Refreshes are serialised across tabs with a Web Lock: the origin rotates the token on every
 * refresh and treats a reused one as theft, so two tabs must never send the same cookie at once.
 */
import { api, useAuthorizer } from "../api/api-client.ts";
import { attempt, type Failure, type Outcome } from "../api/api-outcome.ts";
import { type SignedInUser, tokenStore } from "./token-store.ts";

interface AuthResponse {
  accessToken: string;
  expiresIn: number;
  user: SignedInUser;
}

const COOKIE_DELIVERY = { header: { "x-token-delivery": "cookie" as const } };
const EARLY_REFRESH_MS = 60_000;

let access: { token: string; expiresAt: number } | null = null;
let refreshing: Promise<string | null> | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let onExpired: () => void = () => {};

function accept(auth: AuthResponse): string {
  const lifetimeMs = auth.expiresIn * 1000;
  access = { token: auth.accessToken, expiresAt: Date.now() + lifetimeMs };
  tokenStore.save(auth.user);
  clearTimeout(refreshTimer);
  // A minute early, or at 80 % of a short lifetime.
  const lead = Math.min(EARLY_REFRESH_MS, lifetimeMs * 0.2);
  refreshTimer = setTimeout(() => void refresh(), Math.max(1_000, lifetimeMs - lead));
  return auth.accessToken;
}

function forget(): void {
  access = null;
  clearTimeout(refreshTimer);
  tokenStore.clear();
}

async function exchangeRefreshToken(): Promise<string | null> {
  // The cookie goes by itself; a token an older player stored goes once in the body, for a cookie.
  const legacy = tokenStore.takeLegacyRefreshToken();
  const outcome = await attempt(() =>
    api.POST("/v1/auth/refresh", { params: COOKIE_DELIVERY, body: legacy ? { refreshToken: legacy } : {} }),
  );
  if (outcome.ok) return accept(outcome.data);
  if (outcome.failure.kind === "problem" && [400, 401].includes(outcome.failure.status)) {
    // The refresh token is dead (expired, revoked, signed out elsewhere, or reused): sign in again.
    forget();
    onExpired();
  }
  return null; // offline or a transient error: keep the session and try later
}

function refresh(): Promise<string | null> {
  if (!refreshing) {
    const run = () => exchangeRefreshToken();
    // (The DOM typings do not unwrap the callback's promise; `then` does.)
    const serialised: Promise<string | null> = navigator.locks
      ? navigator.locks.request("seeyoo-refresh", run).then((token) => token)
      : run();
    refreshing = serialised.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

useAuthorizer({
  async accessToken() {
    if (access && access.expiresAt - 5_000 > Date.now()) return access.token;
    return tokenStore.user() ? refresh() : null;
  },
  async refreshAfterRejection(rejected) {
    if (access && access.token !== rejected) return access.token; // another request already refreshed
    return refresh();
  },
});

export type AuthOutcome = { ok: true } | { ok: false; failure: Failure };

const settle = (outcome: Outcome<AuthResponse>): AuthOutcome => {
  if (!outcome.ok) return outcome;
  accept(outcome.data);
  return { ok: true };
};

export const session = {
  user: (): SignedInUser | null => tokenStore.user(),

  /** Called when the session can no longer be renewed (the app goes back to sign-in). */
  onExpired(handler: () => void): void {
    onExpired = handler;
  },

  /** On start-up after an earlier sign-in: get an access token (false when the session is dead). */
  async resume(): Promise<boolean> {
    if (!tokenStore.user()) return false;
    await refresh();
    return tokenStore.user() !== null;
  },

  async signIn(email: string, password: string): Promise<AuthOutcome> {
    return settle(
      await attempt(() => api.POST("/v1/auth/login", { params: COOKIE_DELIVERY, body: { email, password } })),
    );
  },

  async signUp(name: string, email: string, password: string): Promise<AuthOutcome> {
    return settle(
      await attempt(() =>
        api.POST("/v1/auth/register", { params: COOKIE_DELIVERY, body: { name, email, password } }),
      ),
    );
  },

  async signOut(): Promise<void> {
    forget();
    await attempt(() => api.POST("/v1/auth/logout", { params: COOKIE_DELIVERY, body: {} }));
  },
};

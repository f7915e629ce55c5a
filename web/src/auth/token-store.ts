/**
 * What the player remembers of a session. The access token lives in memory only. The refresh
 * token is an `HttpOnly; Secure; SameSite=Strict` cookie the API sets on /v1/auth (the player asks
 * for it with `x-token-delivery: cookie`): no script — an XSS bug, a compromised dependency — can
 * read it, and no other site's request carries it. What is kept in localStorage is only who is
 * signed in (to show the name and to know a session is worth resuming after a reload), never a
 * token. A refresh token an older player left in localStorage is handed over once (exchanged for
 * the cookie) and deleted.
 */

const USER_KEY = "seeyoo.user";
/** Where players before the refresh cookie kept the refresh token. */
const LEGACY_REFRESH_KEY = "seeyoo.refreshToken";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

export const tokenStore = {
  user(): SignedInUser | null {
    const raw = localStorage.getItem(USER_KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SignedInUser;
    } catch {
      return null;
    }
  },
  save(user: SignedInUser): void {
    localStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  /** The refresh token an older player stored, removed as it is read (it is used once). */
  takeLegacyRefreshToken(): string | null {
    const token = localStorage.getItem(LEGACY_REFRESH_KEY);
    localStorage.removeItem(LEGACY_REFRESH_KEY);
    return token;
  },
  clear(): void {
    localStorage.removeItem(USER_KEY);
    localStorage.removeItem(LEGACY_REFRESH_KEY);
  },
};

/**
 * Where the player keeps its tokens. The access token lives in memory only. The refresh token is
 * in localStorage so a phone keeps the viewer signed in across app restarts (a PWA has no other
 * durable store that survives a reload yet stays out of reach of page scripts; an HttpOnly cookie
 * would need the origin to set it on the API's host and CSRF protection, which the API does not
 * offer today). The trade-off: any script running on this origin (an XSS bug, a compromised
 * dependency) could read it. The origin limits the damage — refresh tokens rotate on every use
 * and reuse of an old one revokes the whole family — and the player serves no third-party script.
 */

const REFRESH_KEY = "seeyoo.refreshToken";
const USER_KEY = "seeyoo.user";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

export const tokenStore = {
  refreshToken(): string | null {
    return localStorage.getItem(REFRESH_KEY);
  },
  user(): SignedInUser | null {
    const raw = localStorage.getItem(USER_KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SignedInUser;
    } catch {
      return null;
    }
  },
  save(refreshToken: string, user: SignedInUser): void {
    localStorage.setItem(REFRESH_KEY, refreshToken);
    localStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear(): void {
    localStorage.removeItem(REFRESH_KEY);
    localStorage.removeItem(USER_KEY);
  },
};

/** A sign-in ends at its absolute lifetime, however often it refreshes; last use costs no write per refresh. */
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshWith, signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

const FAMILY_LIFETIME_SECONDS = 600;

let origin: TestOrigin;
beforeAll(async () => {
  // A sliding lifetime (30 days) far beyond the absolute one (10 minutes).
  origin = await startTestOrigin({
    REFRESH_TOKEN_TTL_SECONDS: String(30 * 24 * 3600),
    REFRESH_FAMILY_LIFETIME_SECONDS: String(FAMILY_LIFETIME_SECONDS),
  });
});
afterAll(() => origin.close());

const query = <T>(text: string, params: unknown[]) =>
  origin.services.pool.query(text, params).then((r) => r.rows as T[]);

const familyOf = (accessToken: string) => decodeJwt(accessToken).sid as string;

describe("the absolute lifetime of a sign-in", () => {
  it("ends the family at its end, even with a fresh token of the sliding lifetime", async () => {
    const account = await signUp(origin);
    const refreshed = await (await refreshWith(origin, account.refreshToken)).json();
    // The family started longer ago than its lifetime; its newest token is minutes old.
    await query("update refresh_token_families set expires_at = now() - interval '1 second' where id = $1", [
      familyOf(account.accessToken),
    ]);
    expect((await refreshWith(origin, refreshed.refreshToken)).status).toBe(401);
  });

  it("never issues a token that outlives its family", async () => {
    const account = await signUp(origin);
    const refreshed = await (await refreshWith(origin, account.refreshToken)).json();
    const [row] = await query<{ token: Date; family: Date; created: Date }>(
      `select t.expires_at as token, f.expires_at as family, f.created_at as created
       from refresh_tokens t join refresh_token_families f on f.id = t.family_id
       where f.id = $1 and t.rotated_at is null`,
      [familyOf(refreshed.accessToken)],
    );
    expect(row?.token.getTime()).toBe(row?.family.getTime());
    expect((row?.family.getTime() ?? 0) - (row?.created.getTime() ?? 0)).toBe(FAMILY_LIFETIME_SECONDS * 1000);
  });

  it("is 90 days by default", async () => {
    const defaults = await startTestOrigin();
    try {
      const account = await signUp(defaults);
      const { rows } = await defaults.services.pool.query(
        "select extract(epoch from expires_at - created_at)::int as seconds from refresh_token_families where id = $1",
        [familyOf(account.accessToken)],
      );
      expect(rows[0].seconds).toBe(90 * 24 * 3600);
    } finally {
      await defaults.close();
    }
  });
});

describe("last used", () => {
  it("is recorded rounded down to the hour when older than an hour, and not rewritten by every refresh", async () => {
    const account = await signUp(origin);
    const family = familyOf(account.accessToken);
    await query("update refresh_token_families set last_used_at = now() - interval '2 hours' where id = $1", [
      family,
    ]);

    const first = await (await refreshWith(origin, account.refreshToken)).json();
    const [after] = await query<{ last_used_at: Date; xmin: string }>(
      "select last_used_at, xmin::text from refresh_token_families where id = $1",
      [family],
    );
    const lastUsed = after?.last_used_at.getTime() ?? Number.NaN;
    expect(lastUsed % 3_600_000).toBe(0);
    expect(lastUsed).toBeGreaterThan(Date.now() - 3_600_000 - 60_000);
    expect(lastUsed).toBeLessThanOrEqual(Date.now());

    // Within the hour: the family row is not written again (same row version).
    const second = await (await refreshWith(origin, first.refreshToken)).json();
    await refreshWith(origin, second.refreshToken);
    const [later] = await query<{ last_used_at: Date; xmin: string }>(
      "select last_used_at, xmin::text from refresh_token_families where id = $1",
      [family],
    );
    expect(later?.xmin).toBe(after?.xmin);
    expect(later?.last_used_at.getTime()).toBe(after?.last_used_at.getTime());
  });
});

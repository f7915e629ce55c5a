/**
 * The origin's own rate limits on the account API (defence in depth: a caller who reaches it
 * directly is held to them too), counted per client network so that an attacker is stopped
 * without locking the account's owner out.
 */
import { randomBytes } from "node:crypto";
import { AUTH_LIMITS, EDGE_SECRET_HEADER, FORWARDED_CLIENT_HEADER } from "@seeyoo/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changePassword, signUp, uniqueEmail } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";
import { startStateRedis, type TestStateRedis } from "../../test/state-redis.ts";

const CLIENT_HEADER = "x-test-client-ip";
const EDGE_SECRET = randomBytes(32).toString("hex");
const hex = () => randomBytes(2).toString("hex");
/** An IPv6 /64 no other test uses, and an address in it. */
const freshNetwork = () => `2001:db8:${hex()}:${hex()}`;
const inNetwork = (network: string, host = hex()) => `${network}::${host}`;

const PER_PAIR = AUTH_LIMITS.failuresPerEmailAndClient.limit;

let redis: TestStateRedis;
/** Behind a proxy that names the client in CLIENT_IP_HEADER (as Cloudflare does with cf-connecting-ip). */
let origin: TestOrigin;
/** Behind the edge: trusts its forwarded address only with the shared secret; otherwise the TCP peer. */
let behindEdge: TestOrigin;

beforeAll(async () => {
  redis = await startStateRedis();
  origin = await startTestOrigin({ ...redis.env, CLIENT_IP_HEADER: CLIENT_HEADER });
  behindEdge = await startTestOrigin({ ...redis.env, EDGE_ORIGIN_SECRET: EDGE_SECRET });
});
afterAll(async () => {
  await origin?.close();
  await behindEdge?.close();
  await redis?.close();
});

const login = (email: string, password: string, address: string, on = origin) =>
  on.request("POST", "/v1/auth/login", { body: { email, password }, headers: { [CLIENT_HEADER]: address } });

const passwordChecks = async (on = origin) =>
  (await on.services.metrics.passwordChecks.get()).values[0]?.value ?? 0;

async function statusesOf(attempts: (() => Promise<Response>)[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const attempt of attempts) statuses.push((await attempt()).status);
  return statuses;
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe("guessing one account", () => {
  it("refuses the guess after the limit from one network with 429 and Retry-After, before any bcrypt work", async () => {
    const account = await signUp(origin);
    const attacker = inNetwork(freshNetwork());
    const statuses = await statusesOf(
      times(PER_PAIR, () => () => login(account.user.email, "wrong guess", attacker)),
    );
    expect(statuses).toEqual(times(PER_PAIR, () => 401));

    const checks = await passwordChecks();
    const refused = await login(account.user.email, "another guess", attacker);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      type: "https://seeyoo.tv/problems/rate-limited",
      status: 429,
    });
    // Even the right password is not checked from there now.
    expect((await login(account.user.email, account.password, attacker)).status).toBe(429);
    expect(await passwordChecks()).toBe(checks);
  });

  it("lets the real user sign in from another network while the attacker is limited", async () => {
    const account = await signUp(origin);
    const attacker = inNetwork(freshNetwork());
    for (let i = 0; i < PER_PAIR; i++) await login(account.user.email, "wrong guess", attacker);
    expect((await login(account.user.email, "wrong guess", attacker)).status).toBe(429);

    const owner = await login(account.user.email, account.password, "198.51.100.23");
    expect(owner.status).toBe(200);
    expect((await owner.json()).user.id).toBe(account.user.id);
  });

  it("counts an IPv6 client by its /64: new addresses in the same /64 stay limited, the next /64 does not", async () => {
    const account = await signUp(origin);
    const network = freshNetwork();
    const statuses = await statusesOf(
      times(
        PER_PAIR + 1,
        (i) => () => login(account.user.email, "wrong guess", inNetwork(network, `${i + 1}`)),
      ),
    );
    expect(statuses.slice(0, PER_PAIR)).toEqual(times(PER_PAIR, () => 401));
    expect(statuses[PER_PAIR]).toBe(429);
    expect((await login(account.user.email, "wrong guess", inNetwork(network, "ffff:1:2"))).status).toBe(429);

    const [a, b, c, d] = network.split(":");
    const neighbour = `${a}:${b}:${c}:${(Number.parseInt(d ?? "0", 16) ^ 1).toString(16)}`;
    expect((await login(account.user.email, "wrong guess", inNetwork(neighbour))).status).toBe(401);
  });

  it("does not let the limit be slipped past with concurrent guesses", async () => {
    const account = await signUp(origin);
    const attacker = inNetwork(freshNetwork());
    const answers = await Promise.all(
      times(2 * PER_PAIR, () => login(account.user.email, "concurrent guess", attacker)),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...times(PER_PAIR, () => 401), ...times(PER_PAIR, () => 429)]);
  });
});

describe("the per-email cap against distributed guessing", () => {
  const cap = AUTH_LIMITS.failuresPerEmail.limit;

  it(`allows ${cap} wrong passwords for one email from anywhere, then refuses every network`, async () => {
    const account = await signUp(origin);
    const statuses = await statusesOf(
      times(cap, () => () => login(account.user.email, "distributed guess", inNetwork(freshNetwork()))),
    );
    expect(statuses).toEqual(times(cap, () => 401));
    expect((await login(account.user.email, "one more", inNetwork(freshNetwork()))).status).toBe(429);
  });

  it("is not filled by attempts that were refused anyway: hammering a blocked pair locks no one else out", async () => {
    const account = await signUp(origin);
    const attacker = inNetwork(freshNetwork());
    for (let i = 0; i < PER_PAIR; i++) await login(account.user.email, "wrong guess", attacker);
    const hammering = await statusesOf(
      times(cap + 10, () => () => login(account.user.email, "again", attacker)),
    );
    expect(new Set(hammering)).toEqual(new Set([429]));
    expect((await login(account.user.email, account.password, inNetwork(freshNetwork()))).status).toBe(200);
  });
});

describe("password work per network", () => {
  const limit = AUTH_LIMITS.passwordChecksPerClient.limit;

  it(`refuses the sign-up after ${limit} password checks a minute from one network`, async () => {
    const network = inNetwork(freshNetwork());
    const register = () =>
      origin.request("POST", "/v1/auth/register", {
        body: { email: uniqueEmail(), password: "long enough pw", name: "Many" },
        headers: { [CLIENT_HEADER]: network },
      });
    const statuses = await statusesOf(times(limit, () => register));
    expect(statuses).toEqual(times(limit, () => 201));
    const refused = await register();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });

  it("counts checking the current password for a password change like a sign-in", async () => {
    const account = await signUp(origin);
    const change = (currentPassword: string) =>
      changePassword(
        origin,
        account.accessToken,
        { currentPassword, newPassword: "a brand new password" },
        { [CLIENT_HEADER]: "203.0.113.77" },
      );
    const statuses = await statusesOf(times(PER_PAIR, () => () => change("wrong current")));
    expect(statuses).toEqual(times(PER_PAIR, () => 403));
    expect((await change(account.password)).status).toBe(429);
  });
});

describe("token requests per network", () => {
  const limit = AUTH_LIMITS.tokenRequestsPerClient.limit;

  it(`refuses the refresh after ${limit} token requests a minute from one network`, async () => {
    const network = inNetwork(freshNetwork());
    const refresh = () =>
      origin.request("POST", "/v1/auth/refresh", {
        body: { refreshToken: randomBytes(32).toString("base64url") },
        headers: { [CLIENT_HEADER]: network },
      });
    const statuses = await Promise.all(times(limit, refresh).map(async (r) => (await r).status));
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect((await refresh()).status).toBe(429);
  });
});

describe("the client address the edge forwards", () => {
  const forwarded = (address: string, secret: string | undefined) => ({
    [FORWARDED_CLIENT_HEADER]: address,
    ...(secret === undefined ? {} : { [EDGE_SECRET_HEADER]: secret }),
  });
  const loginVia = (email: string, headers: Record<string, string>) =>
    behindEdge.request("POST", "/v1/auth/login", { body: { email, password: "wrong guess" }, headers });

  it("is trusted with the shared secret: one guesser per forwarded network", async () => {
    const account = await signUp(behindEdge);
    const statuses = await statusesOf(
      times(
        PER_PAIR + 1,
        () => () => loginVia(account.user.email, forwarded(inNetwork(freshNetwork()), EDGE_SECRET)),
      ),
    );
    expect(statuses).toEqual(times(PER_PAIR + 1, () => 401));
  });

  it("is ignored without the secret or with a wrong one: a forger is counted by its own address", async () => {
    const account = await signUp(behindEdge);
    const forgeries = [undefined, "", "wrong", `${EDGE_SECRET.slice(0, -1)}x`, EDGE_SECRET.toUpperCase()];
    const statuses = await statusesOf(
      times(
        PER_PAIR + 1,
        (i) => () =>
          loginVia(account.user.email, forwarded(inNetwork(freshNetwork()), forgeries[i % forgeries.length])),
      ),
    );
    expect(statuses.slice(0, PER_PAIR)).toEqual(times(PER_PAIR, () => 401));
    expect(statuses[PER_PAIR]).toBe(429);
  });
});

describe("without a reachable Redis", () => {
  it("lets sign-ins through (sign-in must not depend on the limiter)", async () => {
    const open = await startTestOrigin({
      UPSTASH_STATE_REST_URL: "http://127.0.0.1:1",
      UPSTASH_STATE_REST_TOKEN: "unused",
    });
    try {
      const account = await signUp(open);
      const statuses = await statusesOf(
        times(
          PER_PAIR + 2,
          () => () =>
            open.request("POST", "/v1/auth/login", {
              body: { email: account.user.email, password: "wrong" },
            }),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([401]));
    } finally {
      await open.close();
    }
  });
});

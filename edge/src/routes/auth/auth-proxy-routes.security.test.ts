/**
 * Rate limits on the account API through the edge: the same rules as the origin's, counted per
 * client network, so a guesser is stopped while the account's owner still signs in from
 * elsewhere; the viewer's address reaches the origin (with the shared secret), and nothing a
 * viewer sends can pose as it.
 */
import { AUTH_LIMITS } from "@seeyoo/http";
import { describe, expect, it } from "vitest";
import {
  context,
  edgeFetch,
  edgeFetchWith,
  freshIp,
  freshNetwork,
  signUp,
} from "../../../test/worker-harness.ts";
import type { Bindings } from "../../env.ts";

const PER_PAIR = AUTH_LIMITS.failuresPerEmailAndClient.limit;
const PASSWORD = "correct horse battery"; // signUp's

const login = (email: string, password: string, ip: string, headers: Record<string, string> = {}) =>
  edgeFetch("/v1/auth/login", {
    method: "POST",
    json: { email, password },
    headers: { "cf-connecting-ip": ip, ...headers },
  });

/** The same login through the Worker with some bindings changed. */
const loginWith = (bindings: Partial<Bindings>, email: string, ip: string) =>
  edgeFetchWith(bindings, "/v1/auth/login", {
    method: "POST",
    json: { email, password: "wrong guess" },
    headers: { "cf-connecting-ip": ip },
  });

async function guess(email: string, times: number, ip: () => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) statuses.push((await login(email, "wrong guess", ip())).status);
  return statuses;
}

const all = (n: number, status: number) => Array.from({ length: n }, () => status);

describe("guessing one account through the edge", () => {
  it("limits the guesser's address, with Retry-After, and lets the owner sign in from another", async () => {
    const account = await signUp();
    const attacker = freshIp();
    expect(await guess(account.user.email, PER_PAIR, () => attacker)).toEqual(all(PER_PAIR, 401));
    const refused = await login(account.user.email, "wrong guess", attacker);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    // The owner, elsewhere: the edge forwards their own address, so the origin does not count
    // them with the attacker either.
    const owner = await login(account.user.email, PASSWORD, freshIp());
    expect(owner.status).toBe(200);
  });

  it("counts an IPv6 guesser by its /64, whatever address in it it takes", async () => {
    const account = await signUp();
    const network = freshNetwork();
    let host = 0;
    const statuses = await guess(
      account.user.email,
      PER_PAIR + 1,
      () => `${network}::${(++host).toString(16)}`,
    );
    expect(statuses).toEqual([...all(PER_PAIR, 401), 429]);
  });

  it("forwards no forwarding header of the viewer's own: a forged address or secret changes nothing", async () => {
    const account = await signUp();
    const attacker = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= PER_PAIR; i++) {
      const res = await login(account.user.email, "wrong guess", attacker, {
        "x-seeyoo-client-ip": freshIp(),
        "x-seeyoo-edge-secret": context.bindings.EDGE_ORIGIN_SECRET ?? "",
        "x-forwarded-for": freshIp(),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...all(PER_PAIR, 401), 429]);
  });
});

describe("the edge's early refusal", () => {
  it("refuses from the origin's counters without a trip to the origin", async () => {
    const account = await signUp();
    const attacker = freshIp();
    await guess(account.user.email, PER_PAIR, () => attacker);
    // With the origin unreachable, only the edge can have answered.
    const early = await loginWith({ ORIGIN_URL: "http://127.0.0.1:1" }, account.user.email, attacker);
    expect(early.status).toBe(429);
    // Counters of another namespace (another environment on the same Redis) are not this one's.
    const otherNamespace = await loginWith(
      { ORIGIN_URL: "http://127.0.0.1:1", CACHE_NAMESPACE: `${context.bindings.CACHE_NAMESPACE}-other` },
      account.user.email,
      attacker,
    );
    expect(otherNamespace.status).toBe(503);
  });

  it("stays open when the state Redis is unreachable: the origin still decides", async () => {
    const account = await signUp();
    const res = await loginWith(
      { UPSTASH_STATE_REST_URL: "http://127.0.0.1:1", UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1" },
      account.user.email,
      freshIp(),
    );
    expect(res.status).toBe(401);
  });
});

/**
 * SIGTERM to the origin under load (issue #10 §4): every request in flight when the signal lands
 * completes (2xx) — a large ingest among them — readiness answers 503 before the process stops
 * taking connections (SHUTDOWN_DRAIN_MS, for load balancers without a pre-stop delay), and the
 * process exits 0. Prints what it measured as one JSON line.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureChannelSlugs, generateXmltv } from "../bench/xmltv-fixture.ts";
import { type FaultStack, startFaultStack } from "./support/fault-stack.ts";

const DRAIN_MS = 1_500;
// The sign-ins come from many viewers, as through the edge (which forwards each viewer's address
// with this secret): from one address they would meet the origin's own rate limits (429).
const EDGE_ORIGIN_SECRET = randomBytes(32).toString("hex");
let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack({
    originEnv: { SHUTDOWN_DRAIN_MS: String(DRAIN_MS), BCRYPT_COST: "8", EDGE_ORIGIN_SECRET },
  });
  const slugs = fixtureChannelSlugs(60);
  await stack.sql(
    `insert into channels (slug, number, name, hls_path)
     select s, 1000 + i, 'Fixture ' || i, '/live/f' || i from unnest($1::text[]) with ordinality as t(s, i)`,
    [slugs],
  );
  await stack.assignChannels(slugs);
});
afterAll(() => stack?.close());

/** GET on a connection of its own (as a load balancer's probe); null when refused. */
function probe(target: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get(target, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? null));
    });
    req.on("error", () => resolve(null));
  });
}

interface Outcome {
  sentAt: number;
  status: number | null;
}

describe("SIGTERM under load", () => {
  it("completes what is in flight, turns readiness 503 before it stops accepting, exits 0", async () => {
    const url = stack.origin.url;
    const outcomes: Outcome[] = [];
    let running = true;
    const request = async (path: string, init: RequestInit = {}) => {
      const outcome: Outcome = { sentAt: performance.now(), status: null };
      outcomes.push(outcome);
      try {
        const res = await fetch(`${url}${path}`, init);
        await res.arrayBuffer();
        outcome.status = res.status;
      } catch {
        outcome.status = null;
      }
      return outcome;
    };
    const admin = { headers: { authorization: `Bearer ${stack.adminToken}` } };
    const login = () => ({
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-seeyoo-client-ip": `10.${randomBytes(3).join(".")}`,
        "x-seeyoo-edge-secret": EDGE_ORIGIN_SECRET,
      },
      body: JSON.stringify({ email: "viewer@seeyoo.test", password: "viewer-demo-pass" }),
    });
    const clients = Array.from({ length: 12 }, async (_, i) => {
      while (running) {
        const outcome = await (i % 3 === 0
          ? request("/v1/auth/login", login())
          : request("/v1/admin/channels", admin));
        if (outcome.status === null) return; // the listener is closed: this client is done
      }
    });
    // A large ingest, still streaming into Postgres when the signal lands.
    const chunks: Uint8Array[] = [];
    for await (const chunk of generateXmltv({
      channels: 60,
      days: 7,
      startDate: new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000),
    })) {
      chunks.push(chunk);
    }
    const ingest = request("/v1/ingest/xmltv", {
      method: "POST",
      headers: { "content-type": "application/xml", authorization: `Bearer ${stack.providerKey}` },
      body: new Blob(chunks as BlobPart[]),
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const exited = stack.origin.exited();
    const signalledAt = performance.now();
    stack.origin.signal("SIGTERM");
    let readiness503At: number | null = null;
    let refusedAt: number | null = null;
    while (refusedAt === null && performance.now() - signalledAt < 20_000) {
      const status = await probe(`${url}/readyz`);
      if (status === 503 && readiness503At === null) readiness503At = performance.now() - signalledAt;
      if (status === null) refusedAt = performance.now() - signalledAt;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const exit = (await exited) as { code: number | null; signal: string | null };
    running = false;
    await Promise.all(clients);
    const ingestOutcome = await ingest;

    const inFlight = outcomes.filter((o) => o.sentAt < signalledAt);
    const failedInFlight = inFlight.filter((o) => o.status === null || o.status >= 300);
    const afterSignal = outcomes.filter((o) => o.sentAt >= signalledAt);
    console.log(
      JSON.stringify({
        fault: "origin-sigterm-under-load",
        requests_before_signal: inFlight.length,
        in_flight_failed: failedInFlight.length,
        ingest_status: ingestOutcome.status,
        readiness_503_after_ms: readiness503At && Math.round(readiness503At),
        stopped_accepting_after_ms: refusedAt && Math.round(refusedAt),
        requests_after_signal: afterSignal.length,
        answered_after_signal: afterSignal.filter((o) => o.status !== null).length,
        exit,
      }),
    );
    expect(failedInFlight).toEqual([]);
    expect(ingestOutcome.status).toBe(200);
    expect(readiness503At).not.toBeNull();
    expect(refusedAt).not.toBeNull();
    expect(readiness503At as number).toBeLessThan(refusedAt as number);
    // Clients on keep-alive connections are sent away, so closing does not wait for the grace period.
    expect(refusedAt as number).toBeLessThan(DRAIN_MS + 5_000);
    expect(exit).toEqual({ code: 0, signal: null });
  });
});

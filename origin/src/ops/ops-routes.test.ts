import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";
import { databaseUrl } from "../../test/postgres-global-setup.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin.close());

describe("health and readiness", () => {
  it("healthz and readyz answer 200 on a migrated database", async () => {
    expect((await origin.request("GET", "/healthz")).status).toBe(200);
    const ready = await origin.request("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("readyz answers 503 while the database is unreachable, healthz stays 200", async () => {
    const down = await startTestOrigin({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    try {
      expect((await down.request("GET", "/readyz")).status).toBe(503);
      expect((await down.request("GET", "/healthz")).status).toBe(200);
    } finally {
      await down.close();
    }
  });

  it("readyz answers 503 while migrations are pending", async () => {
    const name = `seeyoo_unmigrated_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const pending = await startTestOrigin({ DATABASE_URL: databaseUrl(inject("pgAdminUrl"), name) });
    try {
      const res = await pending.request("GET", "/readyz");
      expect(res.status).toBe(503);
      expect((await res.json()).status).toBe("migrations pending");
    } finally {
      await pending.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  });

  it("readyz answers 503 once the process is draining", async () => {
    const draining = await startTestOrigin();
    try {
      draining.services.lifecycle.draining = true;
      expect((await draining.request("GET", "/readyz")).status).toBe(503);
    } finally {
      await draining.close();
    }
  });
});

describe("metrics", () => {
  it("exposes process metrics and HTTP metrics labelled by route template, not raw path", async () => {
    const admin = await signUp(origin, { role: "admin" });
    await origin.request("GET", "/v1/admin/channels/7f0c1a8e-0000-4000-8000-000000000000", {
      token: admin.accessToken,
    });
    const text = await (await origin.request("GET", "/metrics")).text();
    expect(text).toContain("process_resident_memory_bytes");
    expect(text).toMatch(
      /http_requests_total\{route="\/v1\/admin\/channels\/:id",method="GET",status="404"\} 1/,
    );
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",route="\/v1\/auth\/register"/);
    expect(text).not.toContain("7f0c1a8e");
  });
});

describe("request ids", () => {
  it("echoes a sane incoming x-request-id and makes one otherwise", async () => {
    const given = await origin.request("GET", "/healthz", { headers: { "x-request-id": "abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const made = await origin.request("GET", "/healthz", {
      headers: { "x-request-id": "bad id\twith junk" },
    });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

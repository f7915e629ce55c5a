import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, uniqueEmail } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin({ BODY_LIMIT_BYTES: "2048" });
});
afterAll(() => origin.close());

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return res.json();
}

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe("register validation", () => {
  it.each([
    ["a malformed email", { email: "not-an-email", password: "long enough", name: "A" }, ["email"]],
    ["a short password", { email: uniqueEmail(), password: "short", name: "A" }, ["password"]],
    ["a password over 72 bytes", { email: uniqueEmail(), password: "ü".repeat(37), name: "A" }, ["password"]],
    ["an empty name", { email: uniqueEmail(), password: "long enough", name: "  " }, ["name"]],
    ["wrong types", { email: 42, password: true, name: [] }, ["email", "name", "password"]],
    ["missing fields", {}, ["email", "name", "password"]],
    [
      "an unknown field",
      { email: uniqueEmail(), password: "long enough", name: "A", role: "admin" },
      ["role"],
    ],
  ])("rejects %s with 400 naming the fields", async (_case, body, fields) => {
    const res = await origin.request("POST", "/v1/auth/register", { body });
    expect(res.status).toBe(400);
    const p = await problem(res);
    expect(p).toMatchObject({ type: "https://seeyoo.tv/problems/validation", status: 400 });
    expect(fieldsOf(p)).toEqual(fields);
  });

  it("writes nothing for a rejected request", async () => {
    const email = uniqueEmail();
    await origin.request("POST", "/v1/auth/register", { body: { email, password: "short", name: "A" } });
    const login = await origin.request("POST", "/v1/auth/login", { body: { email, password: "short" } });
    expect(login.status).toBe(401);
  });

  it("rejects a body that is not JSON with 400", async () => {
    const res = await origin.request("POST", "/v1/auth/register", { body: '{"email": "a@b.test",' });
    expect(res.status).toBe(400);
    expect((await problem(res)).type).toBe("https://seeyoo.tv/problems/malformed-body");
  });

  it("rejects a JSON array or scalar body with 400", async () => {
    for (const body of ["[]", "null", '"text"']) {
      const res = await origin.request("POST", "/v1/auth/register", { body });
      expect(res.status).toBe(400);
    }
  });

  it("rejects another content type with 415", async () => {
    const res = await origin.request("POST", "/v1/auth/login", {
      body: "email=a@b.test&password=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
    await problem(res);
  });

  it("rejects an oversized body with 413 before reading it", async () => {
    const res = await origin.request("POST", "/v1/auth/register", {
      body: { email: uniqueEmail(), password: "long enough", name: "x".repeat(4096) },
    });
    expect(res.status).toBe(413);
    expect((await problem(res)).type).toBe("https://seeyoo.tv/problems/payload-too-large");
  });
});

describe("duplicate email", () => {
  it("answers 409 for the same email in another case", async () => {
    const account = await signUp(origin);
    const res = await origin.request("POST", "/v1/auth/register", {
      body: { email: account.user.email.toUpperCase(), password: "another password", name: "B" },
    });
    expect(res.status).toBe(409);
    const p = await problem(res);
    expect(fieldsOf(p)).toEqual(["email"]);
  });
});

describe("login failures", () => {
  it("gives an unknown email and a wrong password the same status and body, and both run bcrypt", async () => {
    const account = await signUp(origin);
    const checks = async () => (await origin.services.metrics.passwordChecks.get()).values[0]?.value ?? 0;

    const before = await checks();
    const unknown = await origin.request("POST", "/v1/auth/login", {
      body: { email: uniqueEmail("nobody"), password: account.password },
    });
    const afterUnknown = await checks();
    const wrong = await origin.request("POST", "/v1/auth/login", {
      body: { email: account.user.email, password: "not the password" },
    });
    const afterWrong = await checks();

    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const [a, b] = [await unknown.json(), await wrong.json()];
    expect(a).toEqual(b);
    expect(afterUnknown - before).toBe(1);
    expect(afterWrong - afterUnknown).toBe(1);
  });
});

describe("password workers saturated", () => {
  it("answers login and register with 503 and Retry-After while the queue is full, the same for an unknown email", async () => {
    // One worker and one queue place; cost 12 keeps a job running far longer than a request takes.
    const busy = await startTestOrigin({ PASSWORD_WORKERS: "1", PASSWORD_QUEUE_MAX: "1", BCRYPT_COST: "12" });
    try {
      const account = await signUp(busy);
      const running = busy.services.passwords.hash("occupies the worker");
      const queued = busy.services.passwords.hash("occupies the queue");
      const attempts = [
        ["/v1/auth/login", { email: uniqueEmail("nobody"), password: account.password }],
        ["/v1/auth/login", { email: account.user.email, password: "not the password" }],
        ["/v1/auth/register", { email: uniqueEmail(), password: "long enough pw", name: "Late" }],
      ] as const;
      const answers = await Promise.all(attempts.map(([path, body]) => busy.request("POST", path, { body })));
      for (const res of answers) {
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
        expect(await problem(res)).toMatchObject({
          type: "https://seeyoo.tv/problems/unavailable",
          status: 503,
        });
      }
      await Promise.all([running, queued]);
      const after = await busy.request("POST", "/v1/auth/login", {
        body: { email: account.user.email, password: account.password },
      });
      expect(after.status).toBe(200);
    } finally {
      await busy.close();
    }
  });
});

describe("refresh failures", () => {
  it("rejects an unknown refresh token with 401", async () => {
    const res = await origin.request("POST", "/v1/auth/refresh", { body: { refreshToken: "x".repeat(43) } });
    expect(res.status).toBe(401);
    expect((await problem(res)).type).toBe("https://seeyoo.tv/problems/invalid-refresh-token");
  });

  it("rejects a missing refresh token with 400 naming it", async () => {
    const res = await origin.request("POST", "/v1/auth/refresh", { body: {} });
    expect(res.status).toBe(400);
    expect(fieldsOf(await problem(res))).toEqual(["refreshToken"]);
  });
});

describe("unknown routes", () => {
  it("answer 404 problem+json", async () => {
    const res = await origin.request("GET", "/v1/nothing-here");
    expect(res.status).toBe(404);
    await problem(res);
  });
});

import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";
import { createLogger } from "./logger.ts";

const lines: string[] = [];
let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin({ LOG_LEVEL: "trace" });
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // Swap in a logger that writes to memory, at the most verbose level.
  origin.services.logger = createLogger("trace", sink);
});
afterAll(() => origin.close());

describe("logs", () => {
  it("carry request ids and never a password, token, key or hash", async () => {
    const account = await signUp(origin, { password: "s3cret-passw0rd-xyz" });
    const refreshed = await (
      await origin.request("POST", "/v1/auth/refresh", { body: { refreshToken: account.refreshToken } })
    ).json();
    // Reuse the old token on purpose: the reuse path logs a warning.
    await origin.request("POST", "/v1/auth/refresh", { body: { refreshToken: account.refreshToken } });
    await origin.request("POST", "/v1/auth/login", {
      body: { email: account.user.email, password: "wrong-password" },
    });
    const admin = await signUp(origin, { role: "admin" });
    const provider = await (
      await origin.request("POST", "/v1/admin/providers", { token: admin.accessToken, body: { name: "P" } })
    ).json();

    const all = lines.join("");
    expect(lines.length).toBeGreaterThan(5);
    expect(all).toContain('"reqId"');
    expect(all).toContain("refresh token reuse detected");
    for (const secret of [
      "s3cret-passw0rd-xyz",
      "wrong-password",
      account.accessToken,
      account.refreshToken,
      refreshed.refreshToken,
      refreshed.accessToken,
      provider.apiKey,
      "$2a$",
      "$2b$",
    ]) {
      expect(all).not.toContain(secret);
    }
  });

  it("redacts credential-looking fields even if code logs them by mistake", () => {
    const out: string[] = [];
    const logger = createLogger(
      "info",
      new Writable({
        write(chunk, _e, done) {
          out.push(String(chunk));
          done();
        },
      }),
    );
    logger.info({ password: "p1", nested: { refreshToken: "r1", authorization: "Bearer t1" } }, "oops");
    expect(out.join("")).not.toMatch(/p1|r1|t1/);
    expect(out.join("")).toContain("[redacted]");
  });
});

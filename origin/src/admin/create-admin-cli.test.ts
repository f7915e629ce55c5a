/** `npm run admin:create` — the real command, run as a process against a real database. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

const cli = fileURLToPath(new URL("./create-admin-cli.ts", import.meta.url));
let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin.close());

function runCli(args: string[], env: Record<string, string>, input?: string) {
  return spawnSync(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: origin.databaseUrl, BCRYPT_COST: "4", ...env },
    input,
    encoding: "utf8",
  });
}

const login = (email: string, password: string) =>
  origin.request("POST", "/v1/auth/login", { body: { email, password } });

describe("admin:create", () => {
  it("creates an admin who can sign in and use the admin API (password from the environment)", async () => {
    const result = runCli(["first-admin@example.test", "First", "Admin"], {
      ADMIN_PASSWORD: "a long admin password",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("admin created");
    const res = await login("first-admin@example.test", "a long admin password");
    const body = await res.json();
    expect(body.user).toMatchObject({ role: "admin", name: "First Admin" });
    expect((await origin.request("GET", "/v1/admin/channels", { token: body.accessToken })).status).toBe(200);
  });

  it("reads the password from standard input and promotes an existing account", async () => {
    const viewer = await signUp(origin);
    const result = runCli([viewer.user.email], {}, "ignored-for-existing-accounts\n");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("promoted");
    const again = await (await login(viewer.user.email, viewer.password)).json();
    expect(again.user.role).toBe("admin");
  });

  it("refuses a short password and a missing email, naming the problem", () => {
    const short = runCli(["short@example.test"], { ADMIN_PASSWORD: "short" });
    expect(short.status).toBe(2);
    expect(short.stderr).toContain("password");
    const usage = runCli([], { ADMIN_PASSWORD: "long enough password" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage");
  });
});

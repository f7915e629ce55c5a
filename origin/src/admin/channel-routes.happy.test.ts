import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
let token: string;
beforeAll(async () => ({ origin, adminToken: token } = await startAdminOrigin()));
afterAll(() => origin.close());

const channel = (n: number) => ({
  slug: `ch${n}.seeyoo.test`,
  number: n,
  name: `Channel ${n}`,
  hlsPath: `/live/ch${n}`,
});

describe("admin channels", () => {
  it("creates with defaults, reads, lists by number, updates and deletes", async () => {
    const created = await origin.request("POST", "/v1/admin/channels", { token, body: channel(20) });
    expect(created.status).toBe(201);
    const c20 = await created.json();
    expect(c20).toMatchObject({
      ...channel(20),
      logoUrl: null,
      category: null,
      allowedCountries: [],
      active: true,
      restartAllowed: false,
      catchupHours: 0,
    });

    await origin.request("POST", "/v1/admin/channels", {
      token,
      body: {
        ...channel(3),
        allowedCountries: ["DE", "AT"],
        logoUrl: "https://cdn.test/3.png",
        category: "News",
        restartAllowed: true,
        catchupHours: 24,
      },
    });

    const list = await (await origin.request("GET", "/v1/admin/channels", { token })).json();
    expect(list.channels.map((c: { number: number }) => c.number)).toEqual([3, 20]);
    expect(list.channels[0]).toMatchObject({ restartAllowed: true, catchupHours: 24 });

    const got = await (await origin.request("GET", `/v1/admin/channels/${c20.id}`, { token })).json();
    expect(got).toEqual(c20);

    const patched = await origin.request("PATCH", `/v1/admin/channels/${c20.id}`, {
      token,
      body: {
        name: "Renamed",
        active: false,
        allowedCountries: ["CH"],
        restartAllowed: true,
        catchupHours: 168,
      },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      name: "Renamed",
      active: false,
      allowedCountries: ["CH"],
      number: 20,
      restartAllowed: true,
      catchupHours: 168,
    });

    expect((await origin.request("DELETE", `/v1/admin/channels/${c20.id}`, { token })).status).toBe(204);
    expect((await origin.request("GET", `/v1/admin/channels/${c20.id}`, { token })).status).toBe(404);
  });
});

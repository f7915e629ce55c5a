/** Bad searches get a 4xx problem naming the field, never a 500; a dependency down costs no 500 either. */
import { describe, expect, it } from "vitest";
import { at, fromNow, search, uniqueWord } from "../../../test/guide-search-support.ts";
import {
  createChannel,
  createProgrammes,
  edgeFetchWith,
  POSTGRES_DOWN,
} from "../../../test/worker-harness.ts";

async function expectProblem(params: Record<string, string>, status: number, field: string) {
  const res = await search(params);
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  // An item of a list is named by its path (`channels.0`).
  const named = res.problem().errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`));
  expect(named, JSON.stringify(res.problem())).toBeDefined();
  return named?.message;
}

describe("q", () => {
  it("is required and holds 2 to 100 characters (trimmed)", async () => {
    await expectProblem({}, 400, "q");
    await expectProblem({ q: "" }, 400, "q");
    expect(await expectProblem({ q: "a" }, 400, "q")).toMatch(/at least 2/);
    await expectProblem({ q: "   a   " }, 400, "q");
    expect(await expectProblem({ q: "a".repeat(101) }, 400, "q")).toMatch(/at most 100/);
    expect((await search({ q: "ab" })).status).toBe(200);
    expect((await search({ q: ` ${"a".repeat(100)} ` })).status).toBe(200);
  });

  it("must hold letters or digits, at most 10 words and phrases", async () => {
    expect(await expectProblem({ q: "!!" }, 400, "q")).toMatch(/letters or digits/);
    await expectProblem({ q: '"" ""' }, 400, "q");
    await expectProblem({ q: "-- ** ::" }, 400, "q");
    const eleven = Array.from({ length: 11 }, (_, i) => `w${i}`).join(" ");
    expect(await expectProblem({ q: eleven }, 400, "q")).toMatch(/at most 10/);
    expect((await search({ q: eleven.split(" ").slice(0, 10).join(" ") })).status).toBe(200);
  });

  it("refuses NUL", () => expectProblem({ q: "tages\u0000schau" }, 400, "q"));
});

describe("window", () => {
  it("refuses malformed, inverted, empty and over-7-day windows", async () => {
    await expectProblem({ q: "news", from: "yesterday" }, 400, "from");
    await expectProblem({ q: "news", to: "2026-02-31T00:00:00Z" }, 400, "to");
    await expectProblem({ q: "news", from: at(2), to: at(1) }, 400, "to");
    await expectProblem({ q: "news", from: at(1), to: at(1) }, 400, "to");
    await expectProblem({ q: "news", from: at(0), to: at(24 * 7 + 0.01) }, 400, "to");
    expect((await search({ q: "news", from: at(0), to: at(24 * 7) })).status).toBe(200);
  });

  it("stays within the guide's reach: 14 days back, 31 days ahead", async () => {
    expect(await expectProblem({ q: "news", from: fromNow(-24 * 15) }, 400, "from")).toMatch(/14 days/);
    expect(await expectProblem({ q: "news", to: fromNow(24 * 32) }, 400, "to")).toMatch(/31 days/);
    // Only `to`, far back: the window it implies is cut at the reach, as every EPG window is.
    const cut = await search({ q: "news", to: fromNow(-24 * 10) });
    expect(cut.status).toBe(200);
    expect(Date.parse(cut.body.from)).toBeGreaterThanOrEqual(Date.now() - 14 * 86_400_000 - 15 * 60_000);
    expect((await search({ q: "news", from: fromNow(-24 * 13) })).status).toBe(200);
  });
});

describe("channels and limit", () => {
  it("refuses malformed lists, too many channels, unknown and inactive ones (404 naming them)", async () => {
    const ch = await createChannel();
    const inactive = await createChannel({ active: false });
    await expectProblem({ q: "news", channels: "abc" }, 400, "channels");
    const many = Array.from({ length: 101 }, () => crypto.randomUUID()).join(",");
    await expectProblem({ q: "news", channels: many }, 400, "channels");
    const unknown = crypto.randomUUID();
    const res = await search({ q: "news", channels: `${ch},${unknown},${inactive}` });
    expect(res.status).toBe(404);
    const message = res.problem().errors?.find((e) => e.field === "channels")?.message ?? "";
    expect(message).toContain(unknown);
    expect(message).toContain(inactive);
    expect(message).not.toContain(ch);
  });

  it("takes a limit from 1 to 50", async () => {
    for (const limit of ["0", "51", "-1", "2.5", "abc", "1e1", ""]) {
      await expectProblem({ q: "news", limit }, 400, "limit");
    }
    expect((await search({ q: "news", limit: "1" })).status).toBe(200);
    expect((await search({ q: "news", limit: "50" })).status).toBe(200);
  });
});

describe("a dependency down", () => {
  const REDIS_DOWN = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1" };
  const path = (q: string, ch: string) =>
    `/v1/epg/search?${new URLSearchParams({ q, from: at(0), to: at(24), channels: ch })}`;

  it("without Redis, searches Postgres", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Ohneredis");
    await createProgrammes(ch, [{ start: at(2), end: at(3), title: word }]);
    const res = await edgeFetchWith(REDIS_DOWN, path(word, ch));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-seeyoo-cache")).toBe("database");
    expect(res.json().results.map((r: { programme: { title: string } }) => r.programme.title)).toEqual([
      word,
    ]);
  });

  it("without Postgres, answers a search made before from its last good copy, a new one with 503", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Ohnepostgres");
    await createProgrammes(ch, [{ start: at(2), end: at(3), title: word }]);
    expect((await edgeFetchWith({}, path(word, ch))).status).toBe(200);
    // A newer guide (another channel's programme bumps the EPG version): Postgres would be needed.
    await createProgrammes(await createChannel(), [{ start: at(4), end: at(5), title: "Newer" }]);

    const stale = await edgeFetchWith(POSTGRES_DOWN, path(word, ch));
    expect(stale.status).toBe(200);
    expect(stale.headers.get("x-seeyoo-cache")).toBe("stale");
    const never = await edgeFetchWith(POSTGRES_DOWN, path(uniqueWord("Niegesucht"), ch));
    expect(never.status).toBe(503);
    expect(never.headers.get("content-type")).toBe("application/problem+json");
  });
});

/**
 * One ingest at a time per provider (409 + Retry-After for the next), and ingests on a
 * connection budget of their own: a provider's uploads can never make logins and refreshes wait.
 */
import { describe, expect, it } from "vitest";
import { refreshWith, signUp } from "../../test/accounts.ts";
import { gatedBody } from "./testing/gated-body.ts";
import { useIngestKit, waitForOpenIngests } from "./testing/ingest-test-kit.ts";
import { prog, tv } from "./testing/xmltv-document.ts";

// As small as it gets: two connections for everything else, two for ingests.
const kit = useIngestKit({ DB_POOL_MAX: "2", INGEST_DB_POOL_MAX: "2" });

let serial = 0;
async function providerWithChannel(): Promise<{ slug: string; id: string; apiKey: string }> {
  const slug = `conc${++serial}.test`;
  await kit.createChannels([slug]);
  const provider = await kit.createProvider(`Provider ${serial}`, [slug]);
  return { slug, ...provider };
}

/** A schedule big enough that its upload is still open when the gate holds its second half. */
const schedule = (slug: string, label: string) =>
  tv(
    Array.from({ length: 24 }, (_, h) =>
      prog(slug, `${String(h).padStart(2, "0")}:00`, null, `${label}${h}`),
    ).join("\n"),
  );

const runsOf = async (providerId: string) =>
  (
    await kit.origin.services.pool.query<{ status: string }>(
      "select status from ingest_runs where provider_id = $1 order by started_at",
      [providerId],
    )
  ).rows.map((r) => r.status);

describe("one ingest at a time per provider", () => {
  it("answers a second post during the first with 409 and Retry-After, reading and recording nothing", async () => {
    const p = await providerWithChannel();
    const gate = gatedBody(schedule(p.slug, "First"));
    const first = kit.postXmltv(p.apiKey, gate.stream);
    await waitForOpenIngests(kit, 1);

    const second = await kit.postXmltv(p.apiKey, schedule(p.slug, "Second"));
    expect(second.status).toBe(409);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(second.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await second.json()).type).toBe("https://seeyoo.tv/problems/conflict");

    gate.release();
    expect((await first).status).toBe(200);
    expect(await runsOf(p.id)).toEqual(["succeeded"]);
    // The lock went with the first post.
    expect((await kit.postXmltv(p.apiKey, schedule(p.slug, "Third"))).status).toBe(200);
  });

  it("lets exactly one of ten simultaneous posts of a provider through; the others get 409, never 500", async () => {
    const p = await providerWithChannel();
    const gates = Array.from({ length: 10 }, (_, i) => gatedBody(schedule(p.slug, `Post${i}-`)));
    const settled: Response[] = [];
    const answers = gates.map((gate) =>
      kit.postXmltv(p.apiKey, gate.stream).then((res) => {
        settled.push(res);
        return res;
      }),
    );
    // The nine refused ones are answered without their bodies being read, while the one let
    // through still waits for the second half of its upload.
    for (let i = 0; i < 400 && settled.length < 9; i++) await new Promise((r) => setTimeout(r, 25));
    expect(settled.map((r) => r.status)).toEqual(Array(9).fill(409));
    for (const gate of gates) gate.release();
    await Promise.all(answers);
    expect(settled.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(await runsOf(p.id)).toEqual(["succeeded"]);
  });
});

describe("the ingest connection budget", () => {
  it("keeps logins and refreshes answering while ingests hold every ingest connection", async () => {
    const account = await signUp(kit.origin);
    const [p1, p2, p3] = [
      await providerWithChannel(),
      await providerWithChannel(),
      await providerWithChannel(),
    ];
    const [g1, g2] = [gatedBody(schedule(p1.slug, "A")), gatedBody(schedule(p2.slug, "B"))];
    const uploads = [kit.postXmltv(p1.apiKey, g1.stream), kit.postXmltv(p2.apiKey, g2.stream)];
    await waitForOpenIngests(kit, 2);

    // Both ingest connections are held, in open transactions, for as long as the uploads last.
    const logins = await Promise.all(
      Array.from({ length: 4 }, () =>
        kit.origin.request("POST", "/v1/auth/login", {
          body: { email: account.user.email, password: account.password },
        }),
      ),
    );
    expect(logins.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const refreshed = await refreshWith(kit.origin, account.refreshToken);
    expect(refreshed.status).toBe(200);

    // A third provider's post finds no ingest connection: told to come back, not queued for ever.
    const third = await kit.postXmltv(p3.apiKey, schedule(p3.slug, "C"));
    expect(third.status).toBe(503);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);

    g1.release();
    g2.release();
    expect((await Promise.all(uploads)).map((r) => r.status)).toEqual([200, 200]);
    expect((await kit.postXmltv(p3.apiKey, schedule(p3.slug, "C"))).status).toBe(200);
  });
});

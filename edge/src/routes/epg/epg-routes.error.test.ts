import { describe, expect, it } from "vitest";
import { createChannel, edgeFetch } from "../../../test/worker-harness.ts";

async function expectProblem(path: string, status: number, field?: string) {
  const res = await edgeFetch(path);
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await res.json<{ errors?: { field: string }[] }>();
  if (field) expect(body.errors?.map((e) => e.field)).toContain(field);
}

const DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const NOW = Date.now();
const at = (days: number) => new Date(NOW + days * 86_400_000).toISOString();

describe("EPG validation", () => {
  it("rejects a malformed at", () => expectProblem("/v1/epg/now?at=yesterday", 400, "at"));

  it("rejects windows that are inverted, empty or over 7 days for one channel", async () => {
    const ch = await createChannel();
    await expectProblem(`/v1/channels/${ch}/epg?from=${DAY}T10:00:00Z&to=${DAY}T09:00:00Z`, 400, "to");
    await expectProblem(`/v1/channels/${ch}/epg?from=${DAY}T10:00:00Z&to=${DAY}T10:00:00Z`, 400, "to");
    await expectProblem(`/v1/channels/${ch}/epg?from=${at(-3)}&to=${at(4.0001)}`, 400, "to");
    await expectProblem(`/v1/channels/${ch}/epg?from=not-a-time`, 400, "from");
  });

  it("accepts exactly 7 days", async () => {
    const ch = await createChannel();
    const [from, to] = [at(-3), at(4)];
    const res = await edgeFetch(`/v1/channels/${ch}/epg?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
  });

  it("refuses instants outside [now − 14 days, now + 31 days], naming the field", async () => {
    const ch = await createChannel();
    await expectProblem(`/v1/epg/now?at=${at(-14.01)}`, 400, "at");
    await expectProblem(`/v1/epg/now?at=${at(31.01)}`, 400, "at");
    await expectProblem(`/v1/epg?from=${at(-15)}`, 400, "from");
    await expectProblem(`/v1/epg?from=${at(30.9)}&to=${at(31.5)}`, 400, "to");
    await expectProblem(`/v1/channels/${ch}/epg?from=${at(-20)}&to=${at(-19)}`, 400, "from");
    expect((await edgeFetch(`/v1/epg/now?at=${at(-13.9)}`)).status).toBe(200);
    expect((await edgeFetch(`/v1/epg?from=${at(30.9)}`)).status).toBe(200);
  });

  it("answers 404 for an unknown or inactive channel and 400 for a malformed id", async () => {
    const inactive = await createChannel({ active: false });
    await expectProblem(`/v1/channels/${crypto.randomUUID()}/epg`, 404);
    await expectProblem(`/v1/channels/${inactive}/epg`, 404);
    await expectProblem("/v1/channels/42/epg", 400, "id");
  });

  it("bounds the grid: window over 24 hours, too many or malformed or unknown channels", async () => {
    const ch = await createChannel();
    await expectProblem(
      `/v1/epg?from=${DAY}T00:00:00Z&to=${at(0).slice(0, 10)}T00:00:01Z&channels=${ch}`,
      400,
      "to",
    );
    const many = Array.from({ length: 101 }, () => crypto.randomUUID()).join(",");
    await expectProblem(`/v1/epg?channels=${many}`, 400, "channels");
    await expectProblem("/v1/epg?channels=abc", 400);
    await expectProblem(`/v1/epg?channels=${ch},${crypto.randomUUID()}`, 404, "channels");
  });
});

describe("channels", () => {
  it("GET /v1/channels/:id answers the channel, 404 when unknown, 400 when malformed", async () => {
    const ch = await createChannel({ name: "Solo" });
    const res = await edgeFetch(`/v1/channels/${ch}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: ch, name: "Solo", allowedCountries: [] });
    expect(res.headers.get("etag")).toBeTruthy();
    await expectProblem(`/v1/channels/${crypto.randomUUID()}`, 404);
    await expectProblem("/v1/channels/zzz", 400, "id");
  });

  it("unknown routes answer 404 problem+json", () => expectProblem("/v1/nope", 404));
});

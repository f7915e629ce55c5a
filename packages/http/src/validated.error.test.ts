import { Hono } from "hono";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { problemErrorHandler } from "./problem-handlers.ts";
import { type RequestIdEnv, requestId } from "./request-id.ts";
import { validated } from "./validated.ts";

const Body = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.minLength(1, "must not be empty")),
    tags: v.array(v.string()),
  }),
  v.check((body) => body.tags.length <= 2, "must have at most two tags"),
);

const app = new Hono<RequestIdEnv>();
app.use(requestId(() => {}));
app.onError(problemErrorHandler(() => {}));
app.post(
  "/things/:id",
  validated("param", v.object({ id: v.pipe(v.string(), v.uuid()) })),
  validated("json", Body),
  (c) => c.json(c.req.valid("json")),
);
app.post(
  "/optional",
  validated("json", v.strictObject({ note: v.optional(v.string()) }), { optionalBody: true }),
  (c) => c.json(c.req.valid("json")),
);

const post = (body: string, type = "application/json", id: string = crypto.randomUUID()) =>
  app.request(`/things/${id}`, { method: "POST", body, headers: { "content-type": type } });
const fields = async (res: Response) =>
  ((await res.json()).errors ?? []).map((e: { field: string }) => e.field);

describe("validated", () => {
  it("passes a valid body through, typed", async () => {
    const res = await post(JSON.stringify({ name: "a", tags: ["x"] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "a", tags: ["x"] });
  });

  it("answers 400 naming each failing field, and the whole body for a rule about all of it", async () => {
    const bad = await post(JSON.stringify({ name: "", tags: [1], extra: true }));
    expect(bad.status).toBe(400);
    expect((await fields(bad)).sort()).toEqual(["extra", "name", "tags.0"]);
    expect(await fields(await post(JSON.stringify({ name: "a", tags: ["1", "2", "3"] })))).toEqual([
      "(body)",
    ]);
    expect(await fields(await post("{}", "application/json", "not-a-uuid"))).toEqual(["id"]);
  });

  it("answers 400 malformed-body for broken JSON and 415 for a body that is not JSON", async () => {
    const broken = await post('{"name": ');
    expect(broken.status).toBe(400);
    expect((await broken.json()).type).toBe("https://seeyoo.tv/problems/malformed-body");
    const form = await post("name=a", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    expect(form.headers.get("content-type")).toBe("application/problem+json");
  });

  it("reads a missing optional body as {}, but still wants a body that is there to be JSON", async () => {
    const none = await app.request("/optional", { method: "POST" });
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({});
    const json = await app.request("/optional", {
      method: "POST",
      body: '{"note":"x"}',
      headers: { "content-type": "application/json" },
    });
    expect(await json.json()).toEqual({ note: "x" });
    const text = await app.request("/optional", { method: "POST", body: "note=x" });
    expect(text.status).toBe(415);
    const form = await app.request("/optional", {
      method: "POST",
      body: "note=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    const wrong = await app.request("/optional", {
      method: "POST",
      body: '{"note":1}',
      headers: { "content-type": "application/json" },
    });
    expect(wrong.status).toBe(400);
  });

  it("still refuses a missing body where the body is required (415)", async () => {
    expect((await app.request(`/things/${crypto.randomUUID()}`, { method: "POST" })).status).toBe(415);
  });
});

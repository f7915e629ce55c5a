// Turns a Redis reply into the JSON value Upstash's REST API returns. With `Upstash-Encoding:
// base64` every string is base64-encoded (recursively in arrays) so binary values survive JSON;
// a plain "OK" status stays as is, which is what the official client special-cases.
import type { RedisReply } from "./redis-command-runner.ts";

export type UpstashJson = string | number | null | UpstashJson[];

export function toUpstashJson(reply: RedisReply, base64: boolean): UpstashJson {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => toUpstashJson(item, base64));
  if (Buffer.isBuffer(reply)) {
    if (!base64) return reply.toString("utf8");
    return reply.length === 2 && reply.toString("latin1") === "OK" ? "OK" : reply.toString("base64");
  }
  // Errors nested in arrays (e.g. inside a script's table) come back as their text.
  const text = reply instanceof Error ? reply.message : reply;
  return base64 && text !== "OK" ? Buffer.from(text, "utf8").toString("base64") : text;
}

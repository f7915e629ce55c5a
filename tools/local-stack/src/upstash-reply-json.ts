// Turns a RESP reply into the JSON value Upstash's REST API returns. With `Upstash-Encoding:
// base64` every string is base64-encoded (recursively in arrays) so binary values survive JSON;
// a plain "OK" status stays as is, which is what the official client special-cases.
import { RedisReplyError, type RespReply } from "./resp2-codec.ts";

export type UpstashJson = string | number | null | UpstashJson[];

export function toUpstashJson(reply: RespReply, base64: boolean): UpstashJson {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => toUpstashJson(item, base64));
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString("base64") : reply.toString("utf8");
  // Errors nested in arrays (e.g. inside a script's table) come back as their text.
  const text = reply instanceof RedisReplyError ? reply.message : reply;
  return base64 && text !== "OK" ? Buffer.from(text, "utf8").toString("base64") : text;
}

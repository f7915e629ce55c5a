// An Upstash REST-compatible HTTP server in front of a real Redis, so `@upstash/redis` and
// `@upstash/ratelimit` run unchanged against a local or in-cluster Redis. Implements what the
// client uses: POST / (one command), /pipeline, /multi-exec, the URL-path command form, Bearer
// auth, base64 response encoding and the Lua shebang rewrite (see lua-shebang-rewriter.ts).
import { createHash, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { listen } from "./listen.ts";
import {
  RedisCommandRunner,
  type RedisReply,
  RedisUnavailableError,
  RefusedCommandError,
} from "./redis-command-runner.ts";
import { toUpstashJson, type UpstashJson } from "./upstash-reply-json.ts";

export type UpstashBridgeOptions = {
  port?: number;
  host?: string;
  redisUrl?: string;
  /** Redis logical database to serve (SELECT); default: the URL's, else 0. */
  database?: number;
  token: string;
  /** How long to wait for a TCP connection to Redis. */
  connectTimeoutMs?: number;
  /** How long to wait for Redis to answer a request. */
  commandTimeoutMs?: number;
};

export type UpstashBridge = { url: string; port: number; token: string; close(): Promise<void> };

type Command = string[];
type ItemResult = { result: UpstashJson } | { error: string };

class BridgeHttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function parseCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BridgeHttpError(400, "ERR a command must be a non-empty JSON array");
  }
  return value.map((arg) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new BridgeHttpError(400, "ERR command arguments must be strings, numbers or booleans");
  });
}

function parseCommandList(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BridgeHttpError(400, "ERR expected a non-empty JSON array of commands");
  }
  return value.map(parseCommand);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new BridgeHttpError(400, "ERR request body is not valid JSON");
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

function toItem(reply: RedisReply, base64: boolean): ItemResult {
  return reply instanceof Error ? { error: reply.message } : { result: toUpstashJson(reply, base64) };
}

export async function startUpstashBridge(options: UpstashBridgeOptions): Promise<UpstashBridge> {
  const { port = 0, host = "127.0.0.1", redisUrl = "redis://127.0.0.1:6379", token } = options;
  if (!token) throw new Error("startUpstashBridge: a non-empty token is required");
  const redis = new RedisCommandRunner({
    redisUrl,
    database: options.database,
    connectTimeoutMs: options.connectTimeoutMs ?? 2_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 30_000,
  });

  async function single(res: http.ServerResponse, command: Command, base64: boolean): Promise<void> {
    const [reply = null] = await redis.run([command]);
    if (reply instanceof Error) sendJson(res, 400, { error: reply.message });
    else sendJson(res, 200, { result: toUpstashJson(reply, base64) });
  }

  async function pipeline(res: http.ServerResponse, commands: Command[], base64: boolean): Promise<void> {
    const replies = await redis.run(commands);
    sendJson(
      res,
      200,
      replies.map((r) => toItem(r, base64)),
    );
  }

  async function multiExec(res: http.ServerResponse, commands: Command[], base64: boolean): Promise<void> {
    const replies = await redis.transaction(commands);
    if (replies instanceof Error) return sendJson(res, 400, { error: replies.message });
    sendJson(
      res,
      200,
      replies.map((r) => toItem(r, base64)),
    );
  }

  async function health(res: http.ServerResponse): Promise<void> {
    const [reply = null] = await redis.run([["PING"]]);
    sendJson(res, 200, { result: toUpstashJson(reply, false) });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://bridge");
    if (req.method === "GET" && url.pathname === "/") return health(res);
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const given = bearer ?? url.searchParams.get("_token") ?? "";
    if (!sameToken(given, token)) throw new BridgeHttpError(401, "Unauthorized");
    if (req.method !== "POST" && req.method !== "GET")
      throw new BridgeHttpError(405, "ERR method not allowed");

    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const body = await readBody(req);
    if (req.method === "POST" && url.pathname === "/")
      return single(res, parseCommand(parseJson(body)), base64);
    if (req.method === "POST" && url.pathname === "/pipeline") {
      return pipeline(res, parseCommandList(parseJson(body)), base64);
    }
    if (req.method === "POST" && url.pathname === "/multi-exec") {
      return multiExec(res, parseCommandList(parseJson(body)), base64);
    }
    // URL-path form: /set/foo/bar; a POST body is appended as the last argument.
    const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (req.method === "POST" && body.length > 0) segments.push(body);
    return single(res, parseCommand(segments), base64);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof BridgeHttpError) return sendJson(res, err.status, { error: err.message });
      if (err instanceof RefusedCommandError) return sendJson(res, 400, { error: err.message });
      if (err instanceof RedisUnavailableError)
        return sendJson(res, 503, { error: `ERR bridge: ${err.message}` });
      sendJson(res, 500, { error: `ERR bridge: ${(err as Error).message}` });
    });
  });

  const { port: actualPort, urlHost } = await listen(server, port, host);

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        redis.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

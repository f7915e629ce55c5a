// One TCP connection to Redis speaking RESP2. Commands are pipelined: `send` writes a batch and
// resolves with its replies once all have arrived. Every failure (refused, connect timeout,
// reply timeout, socket closed) rejects with RedisUnavailableError so callers never hang.
import net from "node:net";
import { encodeCommand, RedisReplyError, RespDecoder, type RespReply } from "./resp2-codec.ts";

export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

export type RedisTarget = { host: string; port: number; username?: string; password?: string; db: number };

export function parseRedisUrl(url: string): RedisTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== "redis:")
    throw new Error(`Only redis:// URLs are supported, got ${parsed.protocol}`);
  const db = Number(parsed.pathname.replace(/^\//, "") || "0");
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`Invalid database number in Redis URL: ${parsed.pathname}`);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1",
    port: Number(parsed.port || "6379"),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db,
  };
}

type Pending = {
  count: number;
  replies: RespReply[];
  resolve: (r: RespReply[]) => void;
  reject: (e: Error) => void;
};

export class RedisConnection {
  readonly #socket: net.Socket;
  readonly #label: string;
  readonly #decoder = new RespDecoder();
  readonly #pending: Pending[] = [];
  #failure: RedisUnavailableError | undefined;

  private constructor(socket: net.Socket, label: string) {
    this.#socket = socket;
    this.#label = label;
    socket.on("data", (chunk) => this.#onData(chunk));
    socket.on("error", (err) => this.#fail(`connection to Redis at ${label} failed: ${err.message}`));
    socket.on("close", () => this.#fail(`connection to Redis at ${label} closed`));
  }

  static async open(target: RedisTarget, connectTimeoutMs: number): Promise<RedisConnection> {
    const label = `${target.host}:${target.port}`;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: target.host, port: target.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(
          new RedisUnavailableError(
            `cannot reach Redis at ${label}: connect timeout (${connectTimeoutMs} ms)`,
          ),
        );
      }, connectTimeoutMs);
      s.once("connect", () => {
        clearTimeout(timer);
        s.removeAllListeners("error");
        resolve(s);
      });
      s.once("error", (err) => {
        clearTimeout(timer);
        reject(new RedisUnavailableError(`cannot reach Redis at ${label}: ${err.message}`));
      });
    });
    socket.setNoDelay(true);
    const connection = new RedisConnection(socket, label);
    const setup: string[][] = [];
    if (target.password !== undefined) {
      setup.push(target.username ? ["AUTH", target.username, target.password] : ["AUTH", target.password]);
    }
    if (target.db !== 0) setup.push(["SELECT", String(target.db)]);
    if (setup.length > 0) {
      const replies = await connection.send(setup, connectTimeoutMs).catch((err: unknown) => {
        connection.close();
        throw err;
      });
      const failed = replies.find((r) => r instanceof RedisReplyError);
      if (failed instanceof RedisReplyError) {
        connection.close();
        throw new RedisUnavailableError(`Redis at ${label} rejected the connection setup: ${failed.message}`);
      }
    }
    return connection;
  }

  get usable(): boolean {
    return this.#failure === undefined && !this.#socket.destroyed;
  }

  /** Pipelines `commands`; resolves with one reply per command. Rejects if no reply in `timeoutMs`. */
  send(commands: readonly (readonly (string | Buffer)[])[], timeoutMs: number): Promise<RespReply[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (commands.length === 0) return Promise.resolve([]);
    return new Promise<RespReply[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(`no reply from Redis at ${this.#label} within ${timeoutMs} ms`);
      }, timeoutMs);
      this.#pending.push({
        count: commands.length,
        replies: [],
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#socket.write(Buffer.concat(commands.map((c) => encodeCommand(c))));
    });
  }

  close(): void {
    this.#fail(`connection to Redis at ${this.#label} closed by the bridge`);
  }

  #onData(chunk: Buffer): void {
    let replies: RespReply[];
    try {
      replies = this.#decoder.push(chunk);
    } catch (err) {
      this.#fail(`${(err as Error).message} (from ${this.#label})`);
      return;
    }
    for (const reply of replies) {
      const head = this.#pending[0];
      if (!head) {
        this.#fail(`unexpected reply from Redis at ${this.#label}`);
        return;
      }
      head.replies.push(reply);
      if (head.replies.length === head.count) {
        this.#pending.shift();
        head.resolve(head.replies);
      }
    }
  }

  #fail(message: string): void {
    if (!this.#failure) this.#failure = new RedisUnavailableError(message);
    this.#socket.destroy();
    for (const pending of this.#pending.splice(0)) pending.reject(this.#failure);
  }
}

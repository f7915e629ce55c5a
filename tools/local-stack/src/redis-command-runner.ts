// Runs the bridge's commands on one ioredis connection to one Redis logical database: single
// commands, pipelines and MULTI/EXEC, with replies kept binary (Buffers) and Redis's errors kept
// per command. Every request shares that connection (ioredis pipelines them), so commands that
// would change its state or block it for everyone are refused before they reach Redis.
import { Redis, ReplyError } from "./ioredis.ts";
import { LuaShebangRewriter } from "./lua-shebang-rewriter.ts";

export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

/** A command Redis must never see through the shared connection (the bridge answers 400). */
export class RefusedCommandError extends Error {
  override name = "RefusedCommandError";
}

/** A reply as ioredis hands it over with `callBuffer`; a ReplyError is Redis's own error text. */
export type RedisReply = string | number | Buffer | null | Error | RedisReply[];

export type RedisCommandRunnerOptions = {
  redisUrl: string;
  /** Logical database (SELECT); overrides the one in the URL. */
  database?: number;
  connectTimeoutMs: number;
  /** Blocking commands are refused, so every command should answer within this. */
  commandTimeoutMs: number;
};

// Connection state (SELECT would move every other request to another database) and blocking
// commands (one BLPOP would stall everyone). Upstash's REST API has no sessions either.
const REFUSED = new Set([
  "AUTH",
  "CLIENT",
  "DISCARD",
  "EXEC",
  "HELLO",
  "MONITOR",
  "MULTI",
  "PSUBSCRIBE",
  "PUNSUBSCRIBE",
  "QUIT",
  "READONLY",
  "READWRITE",
  "RESET",
  "SELECT",
  "SSUBSCRIBE",
  "SUBSCRIBE",
  "SUNSUBSCRIBE",
  "UNSUBSCRIBE",
  "UNWATCH",
  "WATCH",
  "BLMOVE",
  "BLMPOP",
  "BLPOP",
  "BRPOP",
  "BRPOPLPUSH",
  "BZMPOP",
  "BZPOPMAX",
  "BZPOPMIN",
  "WAIT",
  "WAITAOF",
]);

function refusal(args: readonly string[]): string | undefined {
  const name = (args[0] ?? "").toUpperCase();
  if (REFUSED.has(name)) return name;
  if ((name === "XREAD" || name === "XREADGROUP") && args.some((a) => a.toUpperCase() === "BLOCK")) {
    return `${name} BLOCK`;
  }
  return undefined;
}

const isReplyError = (value: unknown): value is Error => value instanceof ReplyError;

export class RedisCommandRunner {
  readonly #redis: Redis;
  readonly #label: string;
  readonly #commandTimeoutMs: number;
  readonly #scripts = new LuaShebangRewriter();
  #lastConnectionError = "";

  constructor(options: RedisCommandRunnerOptions) {
    const url = new URL(options.redisUrl);
    if (url.protocol !== "redis:") throw new Error(`Only redis:// URLs are supported, got ${url.protocol}`);
    this.#label = url.host;
    this.#commandTimeoutMs = options.commandTimeoutMs;
    this.#redis = new Redis(options.redisUrl, {
      ...(options.database === undefined ? {} : { db: options.database }),
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      // Fail a request at once while Redis is away (503) instead of queueing it for later.
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    });
    this.#redis.on("error", (err: Error) => {
      this.#lastConnectionError = err.message;
    });
    this.#redis.on("ready", () => {
      this.#lastConnectionError = "";
    });
  }

  /** One reply per command, run back to back (a pipeline). */
  run(commands: readonly string[][]): Promise<RedisReply[]> {
    return this.#guard(async () => {
      const pipeline = this.#redis.pipeline();
      const mapReplies = commands.map((args) => this.#queue(pipeline, args));
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, reply], i) => {
        if (err && !isReplyError(err)) throw err;
        if (err) return err;
        const mapReply = mapReplies[i];
        return mapReply && Buffer.isBuffer(reply) ? mapReply(reply) : (reply as RedisReply);
      });
    });
  }

  /**
   * MULTI/EXEC: one reply per command, or a ReplyError when Redis discarded the transaction
   * (the first command it refused to queue, with Redis's text).
   */
  transaction(commands: readonly string[][]): Promise<RedisReply[] | Error> {
    return this.#guard(async () => {
      const multi = this.#redis.multi();
      for (const args of commands) this.#queue(multi, args);
      try {
        const results = (await multi.exec()) ?? [];
        return results.map(([err, reply]) => (err ?? reply) as RedisReply);
      } catch (err) {
        if (!isReplyError(err)) throw err;
        const queueError = (err as Error & { previousErrors?: Error[] }).previousErrors?.[0];
        return queueError ?? err;
      }
    });
  }

  close(): void {
    this.#redis.disconnect();
  }

  #queue(
    target: ReturnType<Redis["pipeline"]>,
    args: readonly string[],
  ): ((r: Buffer) => Buffer) | undefined {
    const refused = refusal(args);
    if (refused) {
      throw new RefusedCommandError(
        `ERR bridge: ${refused} is not supported (the bridge shares one Redis connection between requests)`,
      );
    }
    const rewritten = this.#scripts.rewrite([...args]);
    const [name = "", ...rest] = rewritten.args;
    // ioredis reshapes some replies by command name in lower case (HGETALL into an object); the
    // upper-case name keeps Redis's reply as it is, which is what Upstash returns.
    target.callBuffer(name.toUpperCase(), ...rest);
    return rewritten.mapReply;
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof RefusedCommandError || isReplyError(err)) throw err;
      const message = (err as Error).message;
      if (/timed out/i.test(message)) {
        throw new RedisUnavailableError(
          `no reply from Redis at ${this.#label} within ${this.#commandTimeoutMs} ms`,
        );
      }
      const cause = this.#lastConnectionError || message;
      throw new RedisUnavailableError(`cannot reach Redis at ${this.#label}: ${cause}`);
    }
  }
}

// Reuses idle Redis connections between bridge requests. A connection is lent to one request at a
// time, so a pipeline or MULTI/EXEC never interleaves with another request's commands.
import { RedisConnection, type RedisTarget } from "./redis-connection.ts";

export class RedisConnectionPool {
  readonly #target: RedisTarget;
  readonly #connectTimeoutMs: number;
  readonly #maxIdle: number;
  readonly #idle: RedisConnection[] = [];
  readonly #lent = new Set<RedisConnection>();

  constructor(target: RedisTarget, options: { connectTimeoutMs: number; maxIdle: number }) {
    this.#target = target;
    this.#connectTimeoutMs = options.connectTimeoutMs;
    this.#maxIdle = options.maxIdle;
  }

  async acquire(): Promise<RedisConnection> {
    let connection = this.#idle.pop();
    while (connection && !connection.usable) connection = this.#idle.pop();
    connection ??= await RedisConnection.open(this.#target, this.#connectTimeoutMs);
    this.#lent.add(connection);
    return connection;
  }

  /** `reusable: false` for connections whose session state a request may have changed. */
  release(connection: RedisConnection, reusable: boolean): void {
    this.#lent.delete(connection);
    if (reusable && connection.usable && this.#idle.length < this.#maxIdle) this.#idle.push(connection);
    else connection.close();
  }

  closeAll(): void {
    for (const connection of [...this.#idle.splice(0), ...this.#lent]) connection.close();
    this.#lent.clear();
  }
}

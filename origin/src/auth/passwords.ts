/**
 * Password hashing with bcryptjs, run on a pool of worker threads (password-pool.ts) so that
 * sign-ins use every core and never block the event loop. Logins for unknown emails still run one
 * bcrypt comparison (against a dummy hash of the same cost, in the same pool and queue), so the
 * answer takes as long as a wrong password and cannot be used to find out which emails have
 * accounts. When the pool's queue is full, hash and verify reject with a 503 ProblemError carrying
 * Retry-After.
 */
import { availableParallelism } from "node:os";
import { PasswordPool } from "./password-pool.ts";

export const DEFAULT_PASSWORD_QUEUE_MAX = 64;

export interface PasswordsOptions {
  /** Worker threads; default: the cores this process may use. */
  workers?: number;
  /** Jobs that may wait for a worker before new ones get 503; default 64. */
  queueMax?: number;
}

export class Passwords {
  readonly #cost: number;
  readonly #onCompare: () => void;
  readonly #pool: PasswordPool;
  readonly #dummyHash: Promise<string>;

  constructor(cost: number, onCompare: () => void = () => {}, options: PasswordsOptions = {}) {
    this.#cost = cost;
    this.#onCompare = onCompare;
    this.#pool = new PasswordPool({
      workers: options.workers ?? availableParallelism(),
      queueMax: options.queueMax ?? DEFAULT_PASSWORD_QUEUE_MAX,
    });
    // Made up front so that the first unknown-email login is not slower than the others.
    this.#dummyHash = this.hash("dummy-password-for-timing");
    // Fails only when the pool is closed first; verify() then reports that failure itself.
    this.#dummyHash.catch(() => {});
  }

  /** Live worker threads (0 after close). */
  get threads(): number {
    return this.#pool.threads;
  }

  async hash(password: string): Promise<string> {
    return (await this.#pool.run({ op: "hash", password, cost: this.#cost })) as string;
  }

  /** Compares against `hash`, or against the dummy when there is no account (always false then). */
  async verify(password: string, hash: string | null): Promise<boolean> {
    const target = hash ?? (await this.#dummyHash);
    this.#onCompare();
    const ok = (await this.#pool.run({ op: "compare", password, hash: target })) as boolean;
    return ok && hash !== null;
  }

  /** Ends the worker threads; pending and later calls reject with 503. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

/**
 * A fixed set of worker threads that run bcrypt jobs, so a burst of logins uses every core and
 * never stalls the event loop that serves everything else. Jobs wait in a bounded FIFO queue;
 * when it is full the job is refused at once with 503 + Retry-After instead of waiting without
 * bound.
 *
 * Each thread runs at nice 10 (password-worker.ts), so when CPU is short the event loop comes
 * first. Threads start on demand (up to `workers`) and are replaced when one dies. An idle thread does
 * not keep the process alive (unref), a busy one does, so a CLI that hashes once and forgets
 * close() still exits — close() is what the server and the tests call to stop them for good.
 */
import { Worker } from "node:worker_threads";
import { ProblemError } from "@seeyoo/schema/wire";
import type { PasswordJob, PasswordJobResult } from "./password-job.ts";

export interface PasswordPoolOptions {
  /** Worker threads (one job each at a time). */
  workers: number;
  /** Jobs that may wait for a thread; one more is refused with 503. */
  queueMax: number;
}

interface Task {
  job: PasswordJob;
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

const WORKER_URL = new URL("./password-worker.ts", import.meta.url);
/** Weight of the newest job in the running mean of job durations (for Retry-After). */
const DURATION_WEIGHT = 0.2;

const unavailable = (detail: string, retryAfterSeconds?: number) =>
  new ProblemError(503, "unavailable", "Too many sign-ins at once; try again shortly", {
    detail,
    ...(retryAfterSeconds === undefined ? {} : { headers: { "retry-after": String(retryAfterSeconds) } }),
  });

export class PasswordPool {
  readonly #options: PasswordPoolOptions;
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, { task: Task; started: number }>();
  readonly #queue: Task[] = [];
  /** Running mean of a job's duration; a guess of one second until the first job finished. */
  #meanJobMs = 1000;
  #closing: Promise<void> | null = null;

  constructor(options: PasswordPoolOptions) {
    if (options.workers < 1) throw new RangeError("a password pool needs at least one worker");
    this.#options = options;
  }

  /** Live worker threads. */
  get threads(): number {
    return this.#idle.length + this.#busy.size;
  }

  run(job: PasswordJob): Promise<string | boolean> {
    if (this.#closing) return Promise.reject(unavailable("the server is shutting down"));
    return new Promise((resolve, reject) => {
      const task: Task = { job, resolve, reject };
      const worker = this.#idle.pop() ?? (this.threads < this.#options.workers ? this.#spawn() : null);
      if (worker) this.#dispatch(worker, task);
      else if (this.#queue.length < this.#options.queueMax) this.#queue.push(task);
      else reject(unavailable("every password worker is busy and the queue is full", this.#retryAfter()));
    });
  }

  /** Refuses queued and new jobs, fails running ones, and ends every thread. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const queued = this.#queue.splice(0);
      for (const task of queued) task.reject(unavailable("the server is shutting down"));
      const workers = [...this.#idle, ...this.#busy.keys()];
      await Promise.all(workers.map((worker) => worker.terminate()));
    })();
    return this.#closing;
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_URL);
    worker.on("message", (result: PasswordJobResult) => this.#finished(worker, result));
    // A thread that dies (out of memory, a bug) fails only its own job; the next job starts a new one.
    let failure: Error | null = null;
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", () => this.#exited(worker, failure));
    return worker;
  }

  #dispatch(worker: Worker, task: Task): void {
    this.#busy.set(worker, { task, started: performance.now() });
    worker.ref();
    worker.postMessage(task.job);
  }

  #finished(worker: Worker, result: PasswordJobResult): void {
    const running = this.#busy.get(worker);
    if (!running) return;
    this.#busy.delete(worker);
    const ms = performance.now() - running.started;
    this.#meanJobMs += DURATION_WEIGHT * (ms - this.#meanJobMs);
    const next = this.#queue.shift();
    if (next) {
      this.#dispatch(worker, next);
    } else {
      worker.unref();
      this.#idle.push(worker);
    }
    if (result.ok) running.task.resolve(result.value);
    else running.task.reject(new Error(`password worker: ${result.message}`));
  }

  #exited(worker: Worker, failure: Error | null): void {
    const idleAt = this.#idle.indexOf(worker);
    if (idleAt !== -1) this.#idle.splice(idleAt, 1);
    const running = this.#busy.get(worker);
    this.#busy.delete(worker);
    if (running) {
      running.task.reject(
        this.#closing
          ? unavailable("the server is shutting down")
          : new Error(`password worker stopped: ${failure?.message ?? "exited"}`),
      );
    }
    const next = this.#closing ? undefined : this.#queue.shift();
    if (next) this.#dispatch(this.#spawn(), next);
  }

  /** Seconds until a place in the queue is likely free: the queue ahead, spread over the threads. */
  #retryAfter(): number {
    const ahead = this.#queue.length + this.#busy.size;
    return Math.max(1, Math.ceil((ahead * this.#meanJobMs) / this.#options.workers / 1000));
  }
}

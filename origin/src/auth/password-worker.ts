/**
 * Worker-thread entry of the password pool: runs one bcrypt job at a time, synchronously — this
 * thread has nothing else to do, and the synchronous bcryptjs calls skip the async version's
 * slicing into event-loop turns. Loaded by file URL from password-pool.ts (Node strips the types).
 */
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import bcrypt from "bcryptjs";
import type { PasswordJob, PasswordJobResult } from "./password-job.ts";

/** Niceness of a password thread: the event loop and the database come first when CPU is short. */
const PASSWORD_THREAD_NICE = 10;

const port = parentPort;
if (!port) throw new Error("password-worker.ts runs as a worker thread of the password pool");
// On Linux a nice value belongs to a thread, and pid 0 means the calling one: only this thread
// yields. Elsewhere it would renice the whole process, so it is left alone there. A sandbox that
// forbids it costs only the priority, never the logins.
if (process.platform === "linux") {
  try {
    setPriority(0, PASSWORD_THREAD_NICE);
  } catch {}
}

port.on("message", (job: PasswordJob) => {
  let result: PasswordJobResult;
  try {
    const value =
      job.op === "hash"
        ? bcrypt.hashSync(job.password, job.cost)
        : bcrypt.compareSync(job.password, job.hash);
    result = { ok: true, value };
  } catch (error) {
    result = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(result);
});

/**
 * The bcrypt limit of one thread: how many `bcryptjs.compare` of one password against a hash of
 * the same cost finish per second with `concurrency` comparisons in flight — in its own
 * single-threaded process, so it measures exactly one thread's worth of bcrypt (the auth bench
 * multiplies it by the cores the origin's password workers use). Run as a child:
 *   node bench/support/bcrypt-limit.ts COST CONCURRENCY SECONDS   → last line {"compares_per_s":…}
 */
import { execPath } from "node:process";
import bcrypt from "bcryptjs";
import type { BenchRun } from "./bench-run.ts";

export interface BcryptLimit {
  compares_per_s: number;
  compares: number;
  seconds: number;
  /** CPU time used per second of wall time (1.0 = one core busy throughout). */
  cpu_cores: number;
}

/** Runs the measurement in a child process of `run`. */
export async function measureBcryptLimit(
  run: BenchRun,
  spec: { cost: number; concurrency: number; durationS: number },
): Promise<BcryptLimit> {
  const out = await run.capture(execPath, [
    import.meta.filename,
    String(spec.cost),
    String(spec.concurrency),
    String(spec.durationS),
  ]);
  return JSON.parse(out.trim().split("\n").at(-1) as string) as BcryptLimit;
}

async function childMain(cost: number, concurrency: number, durationS: number): Promise<void> {
  const password = "bench-password-123";
  const hash = await bcrypt.hash(password, cost);
  let compares = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        if (!(await bcrypt.compare(password, hash))) throw new Error("compare returned false");
        compares++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuCores = (cpu.user + cpu.system) / 1e6 / seconds;
  const result: BcryptLimit = { compares_per_s: compares / seconds, compares, seconds, cpu_cores: cpuCores };
  console.log(JSON.stringify(result));
}

if (import.meta.main) {
  const [cost, concurrency, durationS] = process.argv.slice(2).map(Number);
  await childMain(cost ?? 12, concurrency ?? 1, durationS ?? 10);
}

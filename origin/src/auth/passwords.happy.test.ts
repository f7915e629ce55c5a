import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ProblemError } from "@seeyoo/schema/wire";
import { afterEach, describe, expect, it } from "vitest";
import { Passwords, type PasswordsOptions } from "./passwords.ts";

const opened: Passwords[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

function passwords(cost: number, options: PasswordsOptions): Passwords {
  const p = new Passwords(cost, () => {}, options);
  opened.push(p);
  return p;
}

describe("Passwords on worker threads", () => {
  it("hashes and verifies; an unknown account never verifies", async () => {
    const p = passwords(4, { workers: 2 });
    const hash = await p.hash("correct horse");
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(await p.verify("correct horse", hash)).toBe(true);
    expect(await p.verify("wrong horse", hash)).toBe(false);
    expect(await p.verify("correct horse", null)).toBe(false);
    expect(p.threads).toBeGreaterThan(0);
  });

  it("lets the event loop run between queued hashes", async () => {
    // One worker, so the eight hashes finish one after another. After each, a setImmediate
    // callback is scheduled: it must run before the next hash finishes. On the event loop (sync or
    // bcryptjs' sliced async) several hashes finish in one turn and their callbacks come after.
    const p = passwords(10, { workers: 1, queueMax: 16 });
    await p.hash("start the worker");
    const events: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        p.hash(`password ${i}`).then(() => {
          events.push("hash");
          setImmediate(() => events.push("tick"));
        }),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.join(" ")).toBe(Array(8).fill("hash tick").join(" "));
  });

  it("spends the hashing CPU outside the calling thread", async () => {
    const p = passwords(11, { workers: 2 });
    await Promise.all([p.hash("start"), p.hash("both workers")]);
    const threadBefore = process.threadCpuUsage();
    const processBefore = process.cpuUsage();
    await Promise.all(Array.from({ length: 8 }, (_, i) => p.hash(`password ${i}`)));
    const thread = process.threadCpuUsage(threadBefore);
    const whole = process.cpuUsage(processBefore);
    const threadUs = thread.user + thread.system;
    const processUs = whole.user + whole.system;
    // Eight cost-11 hashes are seconds of CPU; the calling thread only posts and receives messages.
    expect(threadUs).toBeLessThan(processUs / 4);
  });

  it("runs its threads at a lower priority than the event loop (nice 10)", async () => {
    const p = passwords(4, { workers: 2 });
    await Promise.all([p.hash("first thread"), p.hash("second thread")]);
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // Fields after the parenthesised command name; nice is the 19th field of the whole line.
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    };
    const nice = readdirSync("/proc/self/task").map(niceOf);
    expect(nice.filter((n) => n === 10)).toHaveLength(p.threads);
    expect(p.threads).toBe(2);
    expect(niceOf(String(process.pid))).toBe(0);
  });

  it("close() ends every thread, fails running and queued jobs with 503 and refuses new ones", async () => {
    const p = passwords(12, { workers: 1, queueMax: 4 });
    await p.hash("start the worker");
    const pending = Promise.allSettled([p.hash("running"), p.hash("queued"), p.verify("queued", null)]);
    await p.close();
    expect(p.threads).toBe(0);
    const outcomes = [...(await pending), ...(await Promise.allSettled([p.hash("after close")]))];
    expect(outcomes).toHaveLength(4);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe("rejected");
      const error = (outcome as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ProblemError);
      expect(error.status).toBe(503);
    }
  });

  it("refuses a job with 503 and Retry-After when every worker is busy and the queue is full", async () => {
    // Deterministic at any cost: a worker stays busy at least until this synchronous code is done.
    const p = passwords(4, { workers: 1, queueMax: 1 });
    await p.hash("start the worker");
    const running = p.hash("running");
    const queued = p.hash("queued");
    const refused = await p.hash("one too many").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ProblemError);
    expect((refused as ProblemError).status).toBe(503);
    expect((refused as ProblemError).headers["retry-after"]).toMatch(/^[1-9]\d*$/);
    await expect(Promise.all([running, queued])).resolves.toHaveLength(2);
  });

  it("does not keep a process alive once its jobs are done, even without close()", () => {
    // As a CLI uses it (create-admin-cli.ts): one hash, no close(), then the end of the script.
    const dir = mkdtempSync(join(tmpdir(), "seeyoo-passwords-"));
    const script = join(dir, "hash-once.ts");
    const module = fileURLToPath(new URL("./passwords.ts", import.meta.url));
    writeFileSync(
      script,
      `import { Passwords } from ${JSON.stringify(module)};\n` +
        `console.log((await new Passwords(4).hash("cli password")).length);\n`,
    );
    try {
      const child = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 20_000 });
      expect(child.stderr).toBe("");
      expect([child.status, child.stdout.trim()]).toEqual([0, "60"]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createProcessGroup } from "./process-group.ts";

const node = process.execPath;

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

/** A group whose output the test reads, and whose exit calls it records instead of exiting. */
function observedGroup(options: { killTimeoutMs?: number } = {}) {
  const out = capture();
  const err = capture();
  const exits: number[] = [];
  const group = createProcessGroup({
    stdout: out.stream,
    stderr: err.stream,
    exit: (code) => exits.push(code),
    ...options,
  });
  return { group, out: out.text, err: err.text, exits };
}

/** Running and not a zombie (an orphan stays a zombie until PID 1 gets round to reaping it). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(25)) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
  }
}

describe("process group", () => {
  it("prefixes every output line with the child's name", async () => {
    const { group, out, err } = observedGroup();
    const child = group.spawnManaged("printer", node, [
      "-e",
      "console.log('first line'); console.log('second line'); console.error('a warning'); process.stdout.write('no newline')",
    ]);
    await child.exited;
    expect(out()).toBe("[printer] first line\n[printer] second line\n[printer] no newline\n");
    expect(err()).toContain("[printer] a warning\n");
    await group.shutdownAll();
  });

  it("stops every child and its descendants on shutdown, then runs cleanups", async () => {
    const { group, out, exits } = observedGroup();
    const events: string[] = [];
    group.onShutdown(() => void events.push("first registered"));
    group.onShutdown(async () => {
      await sleep(10);
      events.push("second registered");
    });
    const parent = group.spawnManaged("parent", node, [
      "-e",
      `const c = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
       console.log("grandchild " + c.pid); setInterval(() => {}, 1000);`,
    ]);
    const sibling = group.spawnManaged("sibling", node, [
      "-e",
      "console.log('up'); setInterval(() => {}, 1000)",
    ]);
    await waitFor(() => /grandchild \d+/.test(out()) && out().includes("[sibling] up"));
    const grandchild = Number(/grandchild (\d+)/.exec(out())?.[1]);
    expect(isRunning(grandchild)).toBe(true);

    await group.shutdownAll("SIGTERM");
    expect(parent.child.signalCode).toBe("SIGTERM");
    expect(sibling.child.signalCode).toBe("SIGTERM");
    await waitFor(() => !isRunning(grandchild));
    expect(events).toEqual(["second registered", "first registered"]);
    expect(exits).toEqual([]);
    expect(() => group.spawnManaged("late", node, ["-e", ""])).toThrow(/shutting down/);
  });

  it("takes the whole group down when one child exits on its own", async () => {
    const { group, err, exits } = observedGroup();
    let cleanedUp = false;
    group.onShutdown(() => {
      cleanedUp = true;
    });
    const survivor = group.spawnManaged("api", node, ["-e", "setInterval(() => {}, 1000)"]);
    group.spawnManaged("worker", node, ["-e", "setTimeout(() => process.exit(3), 100)"]);
    await waitFor(() => exits.length > 0);
    expect(exits).toEqual([1]);
    expect(cleanedUp).toBe(true);
    expect(survivor.child.signalCode).toBe("SIGTERM");
    expect(err()).toContain("[group] worker exited unexpectedly (exit code 3); stopping everything");
  });

  /** A child that counts its starts in a file and crashes (exit 1) on its first `crashes` runs. */
  function crashingChild(crashes: number): { args: string[]; starts: () => number; cleanup: () => void } {
    const dir = mkdtempSync(join(tmpdir(), "process-group-"));
    const counter = join(dir, "starts");
    const script = `const fs = require("node:fs");
      const n = (fs.existsSync(${JSON.stringify(counter)}) ? Number(fs.readFileSync(${JSON.stringify(counter)}, "utf8")) : 0) + 1;
      fs.writeFileSync(${JSON.stringify(counter)}, String(n));
      if (n <= ${crashes}) { console.error("boom " + n); process.exit(1); }
      console.log("up on start " + n); setInterval(() => {}, 1000);`;
    return {
      args: ["-e", script],
      starts: () => {
        try {
          return Number(readFileSync(counter, "utf8"));
        } catch {
          return 0;
        }
      },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  it("restarts a crashed child with a growing backoff, and says so", async () => {
    const { group, out, err, exits } = observedGroup();
    const flaky = crashingChild(2);
    try {
      const origin = group.spawnManaged("origin", node, flaky.args, { restart: { initialDelayMs: 20 } });
      const firstPid = origin.child.pid;
      await waitFor(() => out().includes("[origin] up on start 3"));
      expect(err()).toContain("[group] origin exited unexpectedly (exit code 1); restarting it in 20 ms");
      expect(err()).toContain("[group] origin exited unexpectedly (exit code 1); restarting it in 40 ms");
      expect(err()).toContain("[origin] boom 2");
      expect(origin.child.pid).not.toBe(firstPid);
      expect(isRunning(origin.child.pid as number)).toBe(true);
      expect(exits).toEqual([]);

      await group.shutdownAll("SIGTERM");
      expect(origin.child.signalCode).toBe("SIGTERM");
      expect(flaky.starts()).toBe(3);
    } finally {
      flaky.cleanup();
    }
  });

  it("gives up after repeated quick crashes, with a clear message, and stops everything", async () => {
    const { group, err, exits } = observedGroup();
    const broken = crashingChild(Number.POSITIVE_INFINITY);
    try {
      const survivor = group.spawnManaged("edge", node, ["-e", "setInterval(() => {}, 1000)"]);
      group.spawnManaged("origin", node, broken.args, {
        restart: { initialDelayMs: 10, maxQuickCrashes: 3 },
      });
      await waitFor(() => exits.length > 0);
      expect(exits).toEqual([1]);
      expect(broken.starts()).toBe(3);
      expect(err()).toMatch(
        /\[group\] origin crashed 3 times in a row, each within 10000 ms of starting \(last: exit code 1\); giving up and stopping everything/,
      );
      expect(survivor.child.signalCode).toBe("SIGTERM");
    } finally {
      broken.cleanup();
    }
  });

  it("starts nothing new when stopped while a restart is pending", async () => {
    const { group, err, exits } = observedGroup();
    const flaky = crashingChild(1);
    try {
      group.spawnManaged("origin", node, flaky.args, { restart: { initialDelayMs: 300 } });
      await waitFor(() => err().includes("restarting it in 300 ms"));
      await group.shutdownAll("SIGINT");
      await sleep(500);
      expect(flaky.starts()).toBe(1);
      expect(exits).toEqual([]);
    } finally {
      flaky.cleanup();
    }
  });

  it("escalates to SIGKILL when a child ignores the stop signal", async () => {
    const { group, out } = observedGroup({ killTimeoutMs: 300 });
    const stubborn = group.spawnManaged("stubborn", node, [
      "-e",
      "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)",
    ]);
    await waitFor(() => out().includes("ready"));
    await group.shutdownAll("SIGTERM");
    expect(stubborn.child.signalCode).toBe("SIGKILL");
  });

  it("reports a command that cannot start and shuts down", async () => {
    const { group, err, exits } = observedGroup();
    group.spawnManaged("ghost", "/nonexistent/binary", []);
    await waitFor(() => exits.length > 0);
    expect(exits).toEqual([1]);
    expect(err()).toMatch(/ghost could not start: .*ENOENT/);
  });

  it("on SIGTERM to the supervisor: stops children, runs cleanups, exits 143", async () => {
    const supervisor = spawn(
      node,
      [
        "--input-type=module",
        "-e",
        `import { createProcessGroup } from ${JSON.stringify(new URL("./process-group.ts", import.meta.url).href)};
         const group = createProcessGroup();
         group.installSignalHandlers();
         group.onShutdown(() => console.log("cleanup ran"));
         group.spawnManaged("kid", process.execPath, ["-e", "console.log('ready'); setInterval(() => {}, 1000)"]);`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    supervisor.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => output.includes("[kid] ready"));
    supervisor.kill("SIGTERM");
    const [code] = await once(supervisor, "exit");
    expect(code).toBe(143);
    expect(output).toContain("cleanup ran");
  });
});

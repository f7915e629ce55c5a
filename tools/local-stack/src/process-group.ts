// A tiny supervisor for `npm start`: runs each service as a child with its output prefixed by
// `[name]`, stops all of them on Ctrl-C/SIGTERM (waiting for them, then running async cleanups
// such as stopping embedded Postgres), and takes the whole group down if any child dies on its own.
import { type ChildProcess, spawn } from "node:child_process";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";

export type ProcessGroupOptions = {
  stdout?: Writable;
  stderr?: Writable;
  /** Called once the group has stopped because of a signal or a failed child. */
  exit?: (code: number) => void;
  /** After this long, children still running after the stop signal get SIGKILL. */
  killTimeoutMs?: number;
};

export type ManagedProcess = {
  name: string;
  child: ChildProcess;
  /** Resolves when the child has exited and its output is flushed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type ProcessGroup = {
  spawnManaged(
    name: string,
    cmd: string,
    args: readonly string[],
    options?: { env?: NodeJS.ProcessEnv; cwd?: string },
  ): ManagedProcess;
  /** Cleanups run after every child has exited, last registered first. */
  onShutdown(cleanup: () => Promise<void> | void): void;
  shutdownAll(signal?: NodeJS.Signals): Promise<void>;
  installSignalHandlers(): void;
};

export function createProcessGroup(options: ProcessGroupOptions = {}): ProcessGroup {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const killTimeoutMs = options.killTimeoutMs ?? 10_000;
  const running = new Set<ManagedProcess>();
  const cleanups: (() => Promise<void> | void)[] = [];
  let shutdown: Promise<void> | undefined;

  const say = (message: string) => stderr.write(`[group] ${message}\n`);

  function prefixLines(stream: Readable | null, name: string, out: Writable): void {
    if (!stream) return;
    readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
      out.write(`[${name}] ${line}\n`);
    });
  }

  // Children lead their own process group so a signal reaches their descendants too
  // (npm -> node -> workerd), not just the direct child.
  function signalTree(managed: ManagedProcess, signal: NodeJS.Signals): void {
    const pid = managed.child.pid;
    if (pid === undefined || managed.child.exitCode !== null || managed.child.signalCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      managed.child.kill(signal);
    }
  }

  async function runShutdown(signal: NodeJS.Signals): Promise<void> {
    const children = [...running];
    for (const managed of children) signalTree(managed, signal);
    const forceKill = setTimeout(() => {
      for (const managed of running) {
        say(`${managed.name} did not stop within ${killTimeoutMs} ms; sending SIGKILL`);
        signalTree(managed, "SIGKILL");
      }
    }, killTimeoutMs);
    await Promise.all(children.map((m) => m.exited));
    clearTimeout(forceKill);
    for (const cleanup of cleanups.toReversed()) {
      try {
        await cleanup();
      } catch (err) {
        say(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  function shutdownAll(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    shutdown ??= runShutdown(signal);
    return shutdown;
  }

  function spawnManaged(
    name: string,
    cmd: string,
    args: readonly string[],
    spawnOptions: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
  ): ManagedProcess {
    if (shutdown) throw new Error(`cannot start ${name}: the process group is shutting down`);
    const child = spawn(cmd, args, {
      cwd: spawnOptions.cwd,
      env: spawnOptions.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    prefixLines(child.stdout, name, stdout);
    prefixLines(child.stderr, name, stderr);

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once("close", (code, signal) => resolve({ code, signal }));
      child.once("error", (err) => {
        say(`${name} could not start: ${err.message}`);
        resolve({ code: null, signal: null });
      });
    });
    const managed: ManagedProcess = { name, child, exited };
    running.add(managed);
    exited.then(({ code, signal }) => {
      running.delete(managed);
      if (shutdown) return;
      say(
        `${name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); stopping everything`,
      );
      shutdownAll("SIGTERM").then(() => exit(1));
    });
    return managed;
  }

  function installSignalHandlers(): void {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        if (shutdown) {
          say(`${signal} again: killing everything now`);
          for (const managed of running) signalTree(managed, "SIGKILL");
          exit(1);
          return;
        }
        say(`${signal} received; stopping ${running.size} process(es)`);
        shutdownAll(signal).then(() => exit(signal === "SIGINT" ? 130 : 143));
      });
    }
  }

  return {
    spawnManaged,
    onShutdown: (cleanup) => void cleanups.push(cleanup),
    shutdownAll,
    installSignalHandlers,
  };
}

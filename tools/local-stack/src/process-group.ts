// A tiny supervisor for `npm start`: runs each service as a child with its output prefixed by
// `[name]`, stops all of them on Ctrl-C/SIGTERM (waiting for them, then running async cleanups
// such as stopping embedded Postgres). A child that dies on its own is started again when it was
// spawned with a restart policy (with backoff, giving up after repeated quick crashes); any other
// death — or giving up — takes the whole group down.
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
  /** The running child (after a restart, the new one). */
  readonly child: ChildProcess;
  /** Resolves when the current child has exited and its output is flushed. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type RestartPolicy = {
  /** Wait before the first restart; doubles with each quick crash in a row. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran at least this long before dying starts a fresh count. */
  quickCrashMs?: number;
  /** Give up (and stop everything) after this many quick crashes in a row. */
  maxQuickCrashes?: number;
};

type SpawnOptions = { env?: NodeJS.ProcessEnv; cwd?: string; restart?: RestartPolicy };
type Incarnation = {
  name: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type ProcessGroup = {
  spawnManaged(name: string, cmd: string, args: readonly string[], options?: SpawnOptions): ManagedProcess;
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
  const running = new Set<Incarnation>();
  const pendingRestarts = new Set<NodeJS.Timeout>();
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
  function signalTree(managed: Incarnation, signal: NodeJS.Signals): void {
    const pid = managed.child.pid;
    if (pid === undefined || managed.child.exitCode !== null || managed.child.signalCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      managed.child.kill(signal);
    }
  }

  async function runShutdown(signal: NodeJS.Signals): Promise<void> {
    for (const timer of pendingRestarts) clearTimeout(timer);
    pendingRestarts.clear();
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

  function launch(
    name: string,
    cmd: string,
    args: readonly string[],
    spawnOptions: SpawnOptions,
  ): Incarnation {
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
    const incarnation: Incarnation = { name, child, exited };
    running.add(incarnation);
    exited.then(() => running.delete(incarnation));
    return incarnation;
  }

  function giveUp(message: string): void {
    say(message);
    shutdownAll("SIGTERM").then(() => exit(1));
  }

  function spawnManaged(
    name: string,
    cmd: string,
    args: readonly string[],
    spawnOptions: SpawnOptions = {},
  ): ManagedProcess {
    if (shutdown) throw new Error(`cannot start ${name}: the process group is shutting down`);
    const policy = spawnOptions.restart;
    const initialDelayMs = policy?.initialDelayMs ?? 500;
    const maxDelayMs = policy?.maxDelayMs ?? 8_000;
    const quickCrashMs = policy?.quickCrashMs ?? 10_000;
    const maxQuickCrashes = policy?.maxQuickCrashes ?? 5;
    let quickCrashes = 0;
    let current: Incarnation;

    const watch = (incarnation: Incarnation, startedAt: number) => {
      incarnation.exited.then(({ code, signal }) => {
        if (shutdown) return;
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        if (!policy) return giveUp(`${name} exited unexpectedly (${how}); stopping everything`);
        quickCrashes = Date.now() - startedAt < quickCrashMs ? quickCrashes + 1 : 1;
        if (quickCrashes >= maxQuickCrashes) {
          return giveUp(
            `${name} crashed ${quickCrashes} times in a row, each within ${quickCrashMs} ms of starting ` +
              `(last: ${how}); giving up and stopping everything — its output above says why`,
          );
        }
        const delay = Math.min(initialDelayMs * 2 ** (quickCrashes - 1), maxDelayMs);
        say(`${name} exited unexpectedly (${how}); restarting it in ${delay} ms`);
        const timer = setTimeout(() => {
          pendingRestarts.delete(timer);
          if (shutdown) return;
          current = launch(name, cmd, args, spawnOptions);
          watch(current, Date.now());
        }, delay);
        pendingRestarts.add(timer);
      });
    };
    current = launch(name, cmd, args, spawnOptions);
    watch(current, Date.now());
    return {
      name,
      get child() {
        return current.child;
      },
      get exited() {
        return current.exited;
      },
    };
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

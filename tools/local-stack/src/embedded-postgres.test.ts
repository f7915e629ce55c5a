import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./embedded-postgres.ts";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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

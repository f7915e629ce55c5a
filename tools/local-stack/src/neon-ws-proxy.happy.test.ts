import { createRequire } from "node:module";
import { neonConfig, Pool } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NeonWsProxy, startNeonWsProxy } from "./neon-ws-proxy.ts";
import { POSTGRES_URL, requirePostgres } from "./test-services.ts";

await requirePostgres();
describe("neon ws proxy with the real @neondatabase/serverless Pool", () => {
  let proxy: NeonWsProxy;
  let pool: Pool;

  beforeAll(async () => {
    proxy = await startNeonWsProxy({ databaseUrl: POSTGRES_URL });
    neonConfig.webSocketConstructor = createRequire(import.meta.url)("ws");
    neonConfig.wsProxy = (host, port) => `127.0.0.1:${proxy.port}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    pool = new Pool({ connectionString: POSTGRES_URL, max: 2 });
  });

  afterAll(async () => {
    await pool.end();
    await proxy.close();
  });

  it("runs a plain query", async () => {
    const { rows } = await pool.query("select 1 as one");
    expect(rows).toEqual([{ one: 1 }]);
  });

  it("runs a parameterised query", async () => {
    const { rows } = await pool.query("select $1::text || ' live' as title, $2::int * 2 as doubled", [
      "BBC One",
      21,
    ]);
    expect(rows).toEqual([{ title: "BBC One live", doubled: 42 }]);
  });

  it("keeps a transaction on one connection: commit is visible, rollback is not", async () => {
    const table = `local_stack_tx_${process.pid}_${Date.now()}`;
    const client = await pool.connect();
    try {
      await client.query(`create temporary table ${table} (n int)`);
      await client.query("begin");
      await client.query(`insert into ${table} values (1)`);
      await client.query("commit");
      await client.query("begin");
      await client.query(`insert into ${table} values (2)`);
      await client.query("rollback");
      const { rows } = await client.query(`select n from ${table} order by n`);
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      client.release();
    }
  });

  it("carries a multi-megabyte parameter to Postgres intact", async () => {
    const big = "xyz".repeat(2_000_000);
    const { rows } = await pool.query("select length($1::text) as n, md5($1::text) as sum", [big]);
    const { createHash } = await import("node:crypto");
    expect(rows).toEqual([{ n: big.length, sum: createHash("md5").update(big).digest("hex") }]);
  });

  it("streams a multi-megabyte result through intact", async () => {
    const { rows } = await pool.query(
      "select repeat('ab', 2500000) as big, md5(repeat('ab', 2500000)) as sum",
    );
    const big = rows[0].big as string;
    expect(big.length).toBe(5_000_000);
    const { createHash } = await import("node:crypto");
    expect(createHash("md5").update(big).digest("hex")).toBe(rows[0].sum);
  });
});

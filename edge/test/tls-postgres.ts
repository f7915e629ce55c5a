/**
 * A Postgres that speaks TLS only, for proving the Worker's TLS inside the WebSocket tunnel: an
 * embedded server with ssl = on, a throw-away CA (ECDSA P-256, made with openssl) and a server
 * certificate for `localhost`, the schema migrated and the edge role's password set, behind its
 * own Neon proxy. Also a second CA the server's certificate does not chain to.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "@seeyoo/local-stack/embedded-postgres";
import { startNeonWsProxy } from "@seeyoo/local-stack/neon-ws-proxy";
import { openDatabase } from "@seeyoo/origin/database";
import { EDGE_DB_ROLE, setEdgeRolePassword } from "@seeyoo/origin/edge-role-password";
import { applyMigrations } from "@seeyoo/origin/migrations";

export interface TlsPostgres {
  /** seeyoo_edge's URL on `localhost`, with sslmode=require. */
  edgeUrl: string;
  proxyUrl: string;
  caPem: string;
  otherCaPem: string;
  close(): Promise<void>;
}

function makeCertificates(dir: string) {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ca = (name: string) => {
    openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`);
    openssl(
      "req",
      "-x509",
      "-new",
      "-key",
      `${name}.key`,
      "-sha256",
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign",
      "-out",
      `${name}.crt`,
    );
  };
  ca("seeyoo-test-ca");
  ca("seeyoo-other-ca");
  openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server.key");
  openssl("req", "-new", "-key", "server.key", "-subj", "/CN=localhost", "-out", "server.csr");
  writeFileSync(
    join(dir, "server.ext"),
    "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n" +
      "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n",
  );
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "seeyoo-test-ca.crt",
    "-CAkey",
    "seeyoo-test-ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-sha256",
    "-extfile",
    "server.ext",
    "-out",
    "server.crt",
  );
  const read = (name: string) => readFileSync(join(dir, name), "utf8");
  return {
    caPem: read("seeyoo-test-ca.crt"),
    otherCaPem: read("seeyoo-other-ca.crt"),
    certPem: read("server.crt"),
    keyPem: read("server.key"),
  };
}

export async function startTlsPostgres(): Promise<TlsPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "seeyoo-tls-pg-"));
  chmodSync(dir, 0o755);
  const certs = makeCertificates(dir);
  const server = await startEmbeddedPostgres({
    dataDir: join(dir, "data"),
    port: 0,
    tls: { certPem: certs.certPem, keyPem: certs.keyPem },
  });
  const password = "tls-test-edge-password-0123456789";
  const { pool } = openDatabase(server.url, { max: 1 });
  try {
    await applyMigrations(pool);
    await setEdgeRolePassword(pool, password);
  } finally {
    await pool.end();
  }
  const edgeUrl = new URL(server.url);
  edgeUrl.hostname = "localhost";
  edgeUrl.username = EDGE_DB_ROLE;
  edgeUrl.password = password;
  edgeUrl.search = "?sslmode=require";
  const proxy = await startNeonWsProxy({ port: 0, databaseUrl: edgeUrl.toString() });
  return {
    edgeUrl: edgeUrl.toString(),
    proxyUrl: proxy.url.replace(/^ws:\/\//, ""),
    caPem: certs.caPem,
    otherCaPem: certs.otherCaPem,
    async close() {
      await proxy.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * TLS to Postgres inside the WebSocket tunnel: the Neon driver's pure-JS TLS 1.3 client (subtls),
 * verifying the server's chain against the trusted roots of DATABASE_CA_CERTS.
 *
 * The driver starts TLS without awaiting it, so a handshake that fails (an untrusted certificate,
 * a server that does not speak TLS 1.3) would be an unhandled rejection while the connection
 * waits for its timeout. Its socket's startTls is wrapped once to turn that failure into the
 * socket's "error" event, which fails the connection at once (→ 503 like any unreachable database).
 */
import { neonConfig } from "@neondatabase/serverless";
import * as subtls from "subtls";

type TunnelSocket = InstanceType<typeof neonConfig> & { ws?: { close(): void } | null };

let failuresReported = false;
function reportHandshakeFailures(): void {
  if (failuresReported) return;
  failuresReported = true;
  const startTls = neonConfig.prototype.startTls;
  neonConfig.prototype.startTls = async function (this: TunnelSocket, host: string) {
    try {
      await startTls.call(this, host);
    } catch (error) {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit("error", error);
      this.ws?.close();
    }
  };
}

export function enableTunnelTls(rootCertsPem: string): void {
  reportHandshakeFailures();
  neonConfig.subtls = subtls;
  neonConfig.rootCerts = rootCertsPem;
}

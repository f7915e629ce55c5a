// The local stack's Neon WebSocket proxy as its own process, so a bench's load generator does not
// share an event loop with it:  node bench/support/neon-ws-proxy-cli.ts PORT DATABASE_URL
import { startNeonWsProxy } from "@seeyoo/local-stack/neon-ws-proxy";

const proxy = await startNeonWsProxy({
  port: Number(process.argv[2] ?? 0),
  databaseUrl: process.argv[3] ?? "",
});
console.log(`neon-ws-proxy: listening on ${proxy.url}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void proxy.close().finally(() => process.exit(0)));
}

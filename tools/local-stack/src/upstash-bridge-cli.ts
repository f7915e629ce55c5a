// Runs the Upstash REST bridge for a dev cluster or `npm start`:
//   REDIS_URL=redis://redis:6379 UPSTASH_BRIDGE_TOKEN=... node tools/local-stack/src/upstash-bridge-cli.ts
// Optional: UPSTASH_BRIDGE_PORT (default 8079), HOST (default 127.0.0.1; 0.0.0.0 inside a pod).
// The Redis database is the URL's (redis://redis:6379/1 serves database 1).
import { startUpstashBridge } from "./upstash-bridge.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`upstash-bridge: ${name} is required`);
    process.exit(2);
  }
  return value;
}

const redisUrl = required("REDIS_URL");
const token = required("UPSTASH_BRIDGE_TOKEN");
const port = Number(process.env.UPSTASH_BRIDGE_PORT ?? "8079");
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`upstash-bridge: UPSTASH_BRIDGE_PORT is not a port: ${process.env.UPSTASH_BRIDGE_PORT}`);
  process.exit(2);
}

const bridge = await startUpstashBridge({ port, host: process.env.HOST ?? "127.0.0.1", redisUrl, token });
console.log(`upstash-bridge: listening on ${bridge.url} -> ${new URL(redisUrl).host}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    bridge.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("upstash-bridge: close failed", err);
        process.exit(1);
      },
    );
  });
}

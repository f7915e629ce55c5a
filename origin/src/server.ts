/**
 * The origin process: config → services → HTTP server, and a graceful shutdown on SIGTERM/SIGINT:
 * readiness turns 503 (and, for SHUTDOWN_DRAIN_MS, requests are still served so a load balancer
 * without a pre-stop delay can take the process out first), then stop accepting, let in-flight
 * requests finish (bounded by SHUTDOWN_GRACE_MS), stop the password workers, close the pool, exit.
 */
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./logging/logger.ts";
import { createServices } from "./services.ts";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const services = await createServices(config, logger).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(78);
});
const app = createApp(services);

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  logger.info({ host: info.address, port: info.port }, "origin listening");
});

let stopping = false;
// Once stopping, every answer ends its keep-alive connection: a client that keeps sending on one
// would otherwise hold close() open until the grace period cuts whatever is in flight then.
server.on("request", (_req, res) => {
  if (stopping) res.setHeader("connection", "close");
});

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  services.lifecycle.draining = true;
  logger.info({ signal, graceMs: config.shutdownGraceMs, drainMs: config.shutdownDrainMs }, "shutting down");
  if (config.shutdownDrainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
  const deadline = setTimeout(() => {
    logger.warn("grace period over; closing remaining connections");
    if ("closeAllConnections" in server) server.closeAllConnections();
  }, config.shutdownGraceMs);
  deadline.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Idle keep-alive sockets would hold close() open until they time out.
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  });
  clearTimeout(deadline);
  await services.passwords.close();
  await Promise.all([services.pool.end(), services.ingestPool.end()]);
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

/**
 * Counts the Redis commands that touch one key namespace while `work` runs, through MONITOR on a
 * connection of its own. Only for short, sequential probes: MONITOR slows Redis down, so it is
 * never on during a timed load. Other clients of the Redis are filtered out by the namespace.
 */
import { Redis } from "ioredis";

export async function countRedisCommands(
  redisUrl: string,
  namespace: string,
  work: () => Promise<void>,
): Promise<Record<string, number>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  const counts: Record<string, number> = {};
  const monitor = await redis.monitor();
  monitor.on("monitor", (_time: string, args: string[]) => {
    if (args.slice(1).some((arg) => arg.startsWith(`${namespace}:`))) {
      const command = (args[0] ?? "").toUpperCase();
      counts[command] = (counts[command] ?? 0) + 1;
    }
  });
  try {
    await work();
    // MONITOR lines trail the commands slightly.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    monitor.disconnect();
    redis.disconnect();
  }
  return counts;
}

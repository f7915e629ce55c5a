/**
 * Counts the Redis commands that touch one key namespace while `work` runs, through MONITOR on a
 * connection of its own. Only for short, sequential probes: MONITOR slows Redis down, so it is
 * never on during a timed load. Other clients of a shared Redis are filtered out by the namespace.
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

/** Deletes every key of `namespace` (the bench's own, unique per run). */
export async function deleteRedisNamespace(redisUrl: string, namespace: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0 });
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${namespace}:*`, count: 500 })) {
      if ((keys as string[]).length > 0) deleted += await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** The pid of the Redis server when it runs on this machine (for CPU accounting), else null. */
export async function localRedisPid(redisUrl: string): Promise<number | null> {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(redisUrl).hostname)) return null;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0 });
  try {
    const pid = /process_id:(\d+)/.exec(await redis.info("server"))?.[1];
    return pid ? Number(pid) : null;
  } finally {
    redis.disconnect();
  }
}

/**
 * Counts the Redis commands that touch one key namespace while `work` runs, through MONITOR on a
 * connection of its own. Only for short, sequential probes: MONITOR slows Redis down, so it is
 * never on during a timed load. Other clients of a shared Redis are filtered out by the namespace.
 */
import net from "node:net";
import { parseRedisUrl, RedisConnection } from "../../tools/local-stack/src/redis-connection.ts";

export async function countRedisCommands(
  redisUrl: string,
  namespace: string,
  work: () => Promise<void>,
): Promise<Record<string, number>> {
  const target = parseRedisUrl(redisUrl);
  const socket = net.connect({ host: target.host, port: target.port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const auth = target.password === undefined ? [] : [target.username, target.password].filter(Boolean);
  // AUTH, SELECT and MONITOR each answer +OK; monitoring has begun after the last of them.
  let okAwaited = 1 + (auth.length > 0 ? 1 : 0) + (target.db !== 0 ? 1 : 0);
  const counts: Record<string, number> = {};
  let buffered = "";
  let monitoring: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    monitoring = resolve;
  });
  socket.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\r\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "+OK" && --okAwaited === 0) monitoring();
      // +1700000000.123456 [0 127.0.0.1:5555] "MGET" "ns:ver:catalog" "ns:ver:epg"
      const match = /^\+[\d.]+ \[[^\]]*\] "([A-Za-z]+)"(.*)$/.exec(line);
      if (match?.[2]?.includes(`"${namespace}:`)) {
        const command = (match[1] as string).toUpperCase();
        counts[command] = (counts[command] ?? 0) + 1;
      }
    }
  });
  if (auth.length > 0) socket.write(`AUTH ${auth.join(" ")}\r\n`);
  if (target.db !== 0) socket.write(`SELECT ${target.db}\r\n`);
  socket.write("MONITOR\r\n");
  await started;
  try {
    await work();
    // MONITOR lines trail the commands slightly.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    socket.destroy();
  }
  return counts;
}

/** Deletes every key of `namespace` (the bench's own, unique per run). */
export async function deleteRedisNamespace(redisUrl: string, namespace: string): Promise<number> {
  const connection = await RedisConnection.open(parseRedisUrl(redisUrl), 2_000);
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [reply] = await connection.send(
        [["SCAN", cursor, "MATCH", `${namespace}:*`, "COUNT", "500"]],
        5_000,
      );
      // Bulk strings arrive as Buffers.
      const [next, keys] = reply as [Buffer, Buffer[]];
      cursor = next.toString();
      if (keys.length > 0) {
        const [n] = await connection.send([["DEL", ...keys.map(String)]], 5_000);
        deleted += Number(n);
      }
    } while (cursor !== "0");
  } finally {
    connection.close();
  }
  return deleted;
}

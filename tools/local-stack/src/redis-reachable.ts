// Answers "is a Redis serving at this URL?" within a deadline: connect (with AUTH/SELECT from the
// URL) and expect PONG. Never throws.
import { parseRedisUrl, RedisConnection } from "./redis-connection.ts";

export async function isRedisReachable(url: string, timeoutMs = 1_000): Promise<boolean> {
  let connection: RedisConnection | undefined;
  try {
    connection = await RedisConnection.open(parseRedisUrl(url), timeoutMs);
    const [reply] = await connection.send([["PING"]], timeoutMs);
    return reply === "PONG";
  } catch {
    return false;
  } finally {
    connection?.close();
  }
}

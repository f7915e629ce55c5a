/**
 * One rebuild per key per isolate. When a version bump makes a hot key miss, every request that
 * arrives before the first rebuild lands would otherwise query Postgres too (hundreds per bump at
 * a few hundred requests per second). workerd does not let one request await a promise another
 * request's I/O settles, so the followers do not share the leader's promise: they poll for the
 * leader's result (which it leaves in the isolate memo) and build it themselves only if the
 * leader fails or takes longer than `maxWaitMs`.
 */
const POLL_MS = 10;

const leaders = new Map<string, { since: number }>();

export async function onceInIsolate<T>(
  key: string,
  work: () => Promise<T>,
  follow: () => T | undefined,
  maxWaitMs = 2_000,
): Promise<T> {
  const since = leaders.get(key)?.since;
  if (since !== undefined && Date.now() - since < maxWaitMs) {
    while (leaders.has(key) && Date.now() - since < maxWaitMs) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const result = follow();
      if (result !== undefined) return result;
    }
    const late = follow();
    if (late !== undefined) return late;
  }
  const mark = { since: Date.now() };
  leaders.set(key, mark);
  try {
    return await work();
  } finally {
    if (leaders.get(key) === mark) leaders.delete(key);
  }
}

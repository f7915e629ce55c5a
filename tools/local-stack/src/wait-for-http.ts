// Readiness polling: resolves once `url` answers with a non-5xx status, rejects after `timeoutMs`.
import { setTimeout as sleep } from "node:timers/promises";

export async function waitForHttp(url: string, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no attempt made";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, {
        signal: AbortSignal.timeout(Math.max(1, Math.min(2_000, deadline - Date.now()))),
      });
      await res.body?.cancel();
      if (res.status < 500) return;
      lastProblem = `HTTP ${res.status}`;
    } catch (err) {
      lastProblem =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${lastProblem})`);
}

/**
 * A closed-loop load for requests that depend on the previous answer (e.g. refresh-token rotation,
 * where each call returns the token for the next). Each virtual client keeps its own state and one
 * keep-alive connection, sends its next request as soon as the previous answer arrived, and every
 * latency is recorded (no histogram buckets: the samples are sorted at the end).
 */
import http from "node:http";
import { percentile, round } from "./percentiles.ts";

export interface ClientStep<S> {
  /** The request body for this client's next call, from its state. */
  body(state: S): unknown;
  /** The next state from a 2xx answer's JSON body. */
  next(state: S, answer: unknown): S;
}

export interface ClosedLoopResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  failures: number;
  /** From the first request sent to the last answer received. */
  seconds: number;
}

function postJson(agent: http.Agent, url: URL, body: unknown): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * Runs every client for `durationS` seconds and returns the final states (so a later phase can
 * continue the chains) with the measurements. A failed call ends that client's chain.
 */
export async function runClosedLoop<S>(
  url: string,
  states: S[],
  step: ClientStep<S>,
  durationS: number,
): Promise<{ result: ClosedLoopResult; states: S[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: states.length });
  const target = new URL(url);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;

  const finalStates = await Promise.all(
    states.map(async (initial) => {
      let state = initial;
      while (performance.now() < deadline) {
        const sent = performance.now();
        const answer = await postJson(agent, target, step.body(state)).catch(() => null);
        if (!answer || answer.status < 200 || answer.status > 299) {
          failures++;
          break;
        }
        latencies.push(performance.now() - sent);
        state = step.next(state, JSON.parse(answer.text));
      }
      return state;
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  return {
    result: {
      rps: round(latencies.length / elapsedS, 3),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      requests: latencies.length,
      failures,
      seconds: round(elapsedS, 3),
    },
    states: finalStates,
  };
}

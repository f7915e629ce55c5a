/**
 * Sends generated requests for every operation of an OpenAPI document to a running deployable and
 * tallies what must never happen: a 5xx, or a 4xx the application answered without
 * application/problem+json. 414 and 431 are the HTTP runtime's own refusals (URL or headers too
 * long, before any application code runs) and are not counted. Generation is fast-check's, from a
 * fixed seed: the same seed sends the same requests.
 */
import fc from "fast-check";
import { operationsOf } from "./openapi-operations.ts";
import { type CaseContext, type FuzzRequest, requestArbitrary } from "./request-cases.ts";

export interface FuzzTarget {
  /** A name for reports (e.g. "edge"). */
  name: string;
  baseUrl: string;
  openApi: unknown;
  context: CaseContext;
}

export interface Finding {
  target: string;
  operation: string;
  status: number;
  contentType: string;
  request: FuzzRequest;
  /** The start of the response body. */
  response: string;
  /** A command that sends the same request again. */
  curl: string;
}

export interface FuzzTally {
  routes: number;
  requests: number;
  status_5xx: number;
  non_problem_4xx: number;
  /** Requests that got no HTTP answer at all (connection reset, timeout), with the first reasons. */
  no_answer: number;
  /** How often each status was answered, to see how deep the requests got. */
  statuses: Record<string, number>;
  findings: Finding[];
  unanswered: { operation: string; error: string; curl: string }[];
}

const RUNTIME_REFUSALS = new Set([414, 431]);
const PROBLEM_JSON = /^application\/problem\+json\b/i;
const MAX_FINDINGS_PER_KIND = 5;

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlOf(baseUrl: string, request: FuzzRequest): string {
  const parts = ["curl", "-si", "-X", request.method, shellQuote(`${baseUrl}${request.target}`)];
  for (const [name, value] of Object.entries(request.headers))
    parts.push("-H", shellQuote(`${name}: ${value}`));
  if (request.body !== undefined) {
    const body =
      request.body.length > 2_000
        ? `${request.body.slice(0, 2_000)}…(${request.body.length} chars)`
        : request.body;
    parts.push("--data-binary", shellQuote(body));
  }
  return parts.join(" ");
}

async function send(baseUrl: string, request: FuzzRequest, timeoutMs: number) {
  const response = await fetch(`${baseUrl}${request.target}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text };
}

export async function fuzzTarget(
  target: FuzzTarget,
  options: { casesPerRoute: number; seed: number; concurrency?: number; timeoutMs?: number },
  tally: FuzzTally,
): Promise<void> {
  const operations = operationsOf(target.openApi);
  const kinds = new Map<string, number>();
  for (const [index, operation] of operations.entries()) {
    tally.routes++;
    const requests = fc.sample(requestArbitrary(operation, target.context), {
      seed: options.seed + index,
      numRuns: options.casesPerRoute,
    });
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++] as FuzzRequest;
        tally.requests++;
        let answer: Awaited<ReturnType<typeof send>>;
        try {
          answer = await send(target.baseUrl, request, options.timeoutMs ?? 30_000);
        } catch (error) {
          tally.no_answer++;
          if (tally.unanswered.length < 20) {
            const cause = (error as { cause?: unknown }).cause;
            tally.unanswered.push({
              operation: `${target.name} ${operation.id}`,
              error: `${String(error)}${cause ? ` (${String(cause)})` : ""}`,
              curl: curlOf(target.baseUrl, request),
            });
          }
          continue;
        }
        tally.statuses[answer.status] = (tally.statuses[answer.status] ?? 0) + 1;
        const serverError = answer.status >= 500;
        const bare4xx =
          answer.status >= 400 &&
          answer.status < 500 &&
          !RUNTIME_REFUSALS.has(answer.status) &&
          !PROBLEM_JSON.test(answer.contentType);
        if (!serverError && !bare4xx) continue;
        if (serverError) tally.status_5xx++;
        else tally.non_problem_4xx++;
        const kind = `${target.name} ${operation.id} ${answer.status}`;
        const seen = kinds.get(kind) ?? 0;
        kinds.set(kind, seen + 1);
        if (seen >= MAX_FINDINGS_PER_KIND) continue;
        tally.findings.push({
          target: target.name,
          operation: operation.id,
          status: answer.status,
          contentType: answer.contentType,
          request,
          response: answer.text.slice(0, 300),
          curl: curlOf(target.baseUrl, request),
        });
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  }
}

export const emptyTally = (): FuzzTally => ({
  routes: 0,
  requests: 0,
  status_5xx: 0,
  non_problem_4xx: 0,
  no_answer: 0,
  statuses: {},
  findings: [],
  unanswered: [],
});

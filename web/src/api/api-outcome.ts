/**
 * Turns an openapi-fetch call into either its data or a Failure the views can explain: a
 * problem+json answer (RFC 9457, switched on by its `type`) or no connection at all.
 */
import type { Problem as WireProblem } from "@seeyoo/schema/wire";

/** Problems may carry extension members, e.g. `limit` on too-many-streams. */
export type Problem = WireProblem & { limit?: number };

export type Failure =
  | { kind: "problem"; status: number; problem: Problem; retryAfterSeconds: number | null }
  | { kind: "offline" };

export type Outcome<T> = { ok: true; data: T; response: Response } | { ok: false; failure: Failure };

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === "object" && "type" in error && "status" in error) return error as Problem;
  return { type: "about:blank", title: response.statusText || "Request failed", status: response.status };
}

export async function attempt<T>(call: () => Promise<FetchResult<T>>): Promise<Outcome<T>> {
  if (!navigator.onLine) return { ok: false, failure: { kind: "offline" } };
  let result: FetchResult<T>;
  try {
    result = await call();
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    return { ok: false, failure: { kind: "offline" } }; // fetch rejects only when no answer came back
  }
  const { response } = result;
  if (response.ok) return { ok: true, data: result.data as T, response };
  const retryAfter = Number(response.headers.get("retry-after"));
  return {
    ok: false,
    failure: {
      kind: "problem",
      status: response.status,
      problem: asProblem(result.error, response),
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    },
  };
}

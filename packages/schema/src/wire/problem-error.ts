/**
 * The one error type both deployables throw for anything a client should see. Web-standard only
 * (it runs in workerd and Node): it knows how to become an RFC 9457 problem+json Response.
 */
import { PROBLEM_CONTENT_TYPE, type Problem, ProblemType } from "./problem.ts";

export type ProblemKind = keyof typeof ProblemType;

export class ProblemError extends Error {
  readonly status: number;
  readonly problemType: string;
  readonly title: string;
  readonly errors: Problem["errors"];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    kind: ProblemKind,
    title: string,
    options: { detail?: string; errors?: Problem["errors"]; headers?: Record<string, string> } = {},
  ) {
    super(options.detail ?? title);
    this.status = status;
    this.problemType = ProblemType[kind];
    this.title = title;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  toProblem(instance?: string): Problem {
    return {
      type: this.problemType,
      title: this.title,
      status: this.status,
      ...(this.message !== this.title ? { detail: this.message } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }

  toResponse(instance?: string): Response {
    return problemResponse(this.toProblem(instance), this.headers);
  }
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, ...headers },
  });
}

export const notFound = (what: string) => new ProblemError(404, "notFound", `${what} not found`);

/** `value`, or a 404 naming `what` when there is none. */
export function found<T>(value: T | null | undefined | false, what: string): T {
  if (value === null || value === undefined || value === false) throw notFound(what);
  return value;
}

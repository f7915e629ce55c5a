/**
 * The one error type both deployables throw for anything a client should see. Web-standard only
 * (it runs in workerd and Node): it knows how to become an RFC 9457 problem+json Response.
 */
import * as v from "valibot";
import { issuesToFields, PROBLEM_CONTENT_TYPE, type Problem, ProblemType } from "./problem.ts";

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

/**
 * Validates `input` against a wire schema; on failure throws a 400 problem naming every failing
 * field (`where` names the whole input when the failure is not about one field).
 */
export function parseOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  where: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const errors = issuesToFields(result.issues).map((e) => ({
    field: e.field === "(body)" ? where : e.field,
    message: e.message,
  }));
  throw new ProblemError(400, "validation", "Request validation failed", {
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    errors,
  });
}

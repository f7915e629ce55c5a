/**
 * The origin's one error type. Anything thrown that is not an ApiError becomes a 500 problem
 * (and is logged); an ApiError carries exactly what the client should see.
 */
import { type Problem, ProblemType } from "@seeyoo/schema/wire";

type ProblemKey = keyof typeof ProblemType;

export class ApiError extends Error {
  readonly status: number;
  readonly problemType: string;
  readonly title: string;
  readonly errors: Problem["errors"];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    kind: ProblemKey,
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
}

export const notFound = (what: string) => new ApiError(404, "notFound", `${what} not found`);
export const forbidden = () => new ApiError(403, "forbidden", "You may not do this");

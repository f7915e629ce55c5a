/**
 * A rejected upload, as problem+json with RFC 9457 extension members that locate the fault
 * (`line`/`column` in XML, `path` in JSON) and name the recorded run.
 */
import { type Problem, ProblemError, type ProblemKind, ProblemType } from "@seeyoo/schema/wire";

export type ProblemExtensions = Record<string, string | number>;

export class IngestProblem extends ProblemError {
  readonly extensions: ProblemExtensions;

  constructor(
    status: number,
    kind: ProblemKind,
    title: string,
    options: { detail?: string; errors?: Problem["errors"]; extensions?: ProblemExtensions } = {},
  ) {
    super(status, kind, title, options);
    this.extensions = options.extensions ?? {};
  }

  /** The same problem, naming the run it was recorded as. */
  static withRunId(error: ProblemError, runId: string): IngestProblem {
    const extensions = error instanceof IngestProblem ? error.extensions : {};
    const copy = new IngestProblem(error.status, kindOf(error), error.title, {
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      extensions: { ...extensions, runId },
    });
    Object.assign(copy.headers, error.headers);
    return copy;
  }

  override toProblem(instance?: string): Problem {
    return { ...super.toProblem(instance), ...this.extensions };
  }
}

function kindOf(error: ProblemError): ProblemKind {
  const entry = Object.entries(ProblemType).find(([, uri]) => uri === error.problemType);
  return (entry?.[0] ?? "internal") as ProblemKind;
}

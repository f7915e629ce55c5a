import * as v from "valibot";

/** Stable problem `type` URIs; clients switch on these, never on `title`. */
export const ProblemType = {
  validation: "https://seeyoo.tv/problems/validation",
  malformedBody: "https://seeyoo.tv/problems/malformed-body",
  payloadTooLarge: "https://seeyoo.tv/problems/payload-too-large",
  unsupportedMediaType: "https://seeyoo.tv/problems/unsupported-media-type",
  unauthorized: "https://seeyoo.tv/problems/unauthorized",
  invalidCredentials: "https://seeyoo.tv/problems/invalid-credentials",
  invalidRefreshToken: "https://seeyoo.tv/problems/invalid-refresh-token",
  forbidden: "https://seeyoo.tv/problems/forbidden",
  notFound: "https://seeyoo.tv/problems/not-found",
  conflict: "https://seeyoo.tv/problems/conflict",
  geoBlocked: "https://seeyoo.tv/problems/geo-blocked",
  tooManyStreams: "https://seeyoo.tv/problems/too-many-streams",
  restartNotAllowed: "https://seeyoo.tv/problems/restart-not-allowed",
  catchupNotAllowed: "https://seeyoo.tv/problems/catchup-not-allowed",
  outsideCatchupWindow: "https://seeyoo.tv/problems/outside-catchup-window",
  programmeNotAired: "https://seeyoo.tv/problems/programme-not-aired",
  rateLimited: "https://seeyoo.tv/problems/rate-limited",
  unavailable: "https://seeyoo.tv/problems/unavailable",
  internal: "https://seeyoo.tv/problems/internal",
} as const;

/** RFC 9457 problem details, as every SEEYOO error is answered. */
export const Problem = v.object({
  type: v.pipe(
    v.string(),
    v.description(`A stable URI naming the kind of problem: ${Object.values(ProblemType).join(", ")}`),
  ),
  title: v.string(),
  status: v.number(),
  detail: v.optional(v.string()),
  instance: v.optional(v.string()),
  /** For validation errors: every failing field, by dotted path. */
  errors: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
});
export type Problem = v.InferOutput<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Flattens valibot issues into `{ field, message }` pairs naming each failing field. */
export function issuesToFields(
  issues: readonly v.BaseIssue<unknown>[],
): { field: string; message: string }[] {
  return issues.map((issue) => ({
    field: v.getDotPath(issue) ?? "(body)",
    message: issue.message,
  }));
}

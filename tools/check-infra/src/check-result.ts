// The shape every checker returns, so main.ts can print and count them the same way.

export type CheckStatus = "pass" | "fail" | "skip";

export type CheckResult = {
  name: string;
  status: CheckStatus;
  /** One line per failed rule, each naming the file or object at fault. */
  problems: string[];
  /** Informational lines (what was checked, why something was skipped). */
  notes: string[];
};

export function resultOf(name: string, problems: string[], notes: string[] = []): CheckResult {
  return { name, status: problems.length === 0 ? "pass" : "fail", problems, notes };
}

/** A tool the check needs is missing: fatal in CI (CI=true), a warning on a laptop. */
export function missingTool(name: string, tool: string, hint: string): CheckResult {
  const message = `${tool} is not installed (${hint})`;
  if (process.env.CI === "true") return { name, status: "fail", problems: [message], notes: [] };
  return { name, status: "skip", problems: [], notes: [`skipped: ${message}`] };
}

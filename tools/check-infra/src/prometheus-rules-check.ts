// Alert rules: promtool validates and unit-tests the plain rule file; the PrometheusRule applied to
// the cluster must carry exactly the same groups; every alert has a severity, a runbook that
// exists in docs/operations.md, and tests proving it both fires and stays silent.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import { type CheckResult, missingTool, resultOf } from "./check-result.ts";
import { PROMETHEUS_RULE_FILE, RULES_FILE, RULES_TEST_FILE, type RuleGroups } from "./prometheus-rule.ts";

export function checkPrometheusRules(repoRoot: string): CheckResult {
  const name = "prometheus-rules";
  const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
  const problems = [
    ...comparePrometheusRule(read(RULES_FILE), read(PROMETHEUS_RULE_FILE)),
    ...checkAlertMetadata(read(RULES_FILE), read("docs/operations.md")),
    ...checkAlertCoverage(read(RULES_FILE), read(RULES_TEST_FILE)),
  ];
  if (!hasPromtool()) {
    const skipped = missingTool(name, "promtool", "apt-get install prometheus");
    if (skipped.status === "fail") return { ...skipped, problems: [...skipped.problems, ...problems] };
    return { ...resultOf(name, problems, skipped.notes), status: problems.length > 0 ? "fail" : "skip" };
  }
  for (const args of [
    ["check", "rules", RULES_FILE],
    ["test", "rules", RULES_TEST_FILE],
  ]) {
    try {
      execFileSync("promtool", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      const output = `${e.stdout ?? ""}${e.stderr ?? ""}`.trim().split("\n").slice(0, 30).join("\n    ");
      problems.push(`promtool ${args.join(" ")} failed:\n    ${output}`);
    }
  }
  return resultOf(name, problems, ["promtool check rules + test rules"]);
}

/** The PrometheusRule's groups must equal the plain rule file's groups. */
export function comparePrometheusRule(rulesYaml: string, prometheusRuleYaml: string): string[] {
  const rules = parseYaml(rulesYaml) as RuleGroups;
  const object = parseYaml(prometheusRuleYaml) as { kind?: string; spec?: RuleGroups } | null;
  if (object?.kind !== "PrometheusRule") return [`${PROMETHEUS_RULE_FILE}: not a PrometheusRule`];
  if (!isDeepStrictEqual(object.spec?.groups, rules.groups))
    return [
      `${PROMETHEUS_RULE_FILE} differs from ${RULES_FILE}; regenerate with npx node tools/check-infra/src/generate-prometheus-rule.ts`,
    ];
  return [];
}

export function checkAlertMetadata(rulesYaml: string, operationsMd: string): string[] {
  const problems: string[] = [];
  const anchors = new Set(
    operationsMd
      .split("\n")
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => githubSlug(line.replace(/^#+ /, ""))),
  );
  for (const rule of alertRules(rulesYaml)) {
    const labels = (rule.labels ?? {}) as Record<string, string>;
    const annotations = (rule.annotations ?? {}) as Record<string, string>;
    if (!["critical", "warning", "info"].includes(labels.severity ?? ""))
      problems.push(`${RULES_FILE}: alert ${rule.alert} needs labels.severity critical|warning|info`);
    const runbook = annotations.runbook_url ?? "";
    const anchor = runbook.split("#")[1];
    if (!runbook.includes("docs/operations.md#") || !anchor)
      problems.push(`${RULES_FILE}: alert ${rule.alert} needs a runbook_url into docs/operations.md#...`);
    else if (!anchors.has(anchor))
      problems.push(
        `${RULES_FILE}: alert ${rule.alert}: runbook anchor #${anchor} is not a heading of docs/operations.md`,
      );
  }
  return problems;
}

/** Every alert needs a test where it fires and one where it does not. */
export function checkAlertCoverage(rulesYaml: string, testsYaml: string): string[] {
  type AlertTest = { alertname: string; exp_alerts?: unknown[] };
  const tests = parseYaml(testsYaml) as { tests?: { alert_rule_test?: AlertTest[] }[] };
  const cases = (tests.tests ?? []).flatMap((t) => t.alert_rule_test ?? []);
  const problems: string[] = [];
  for (const rule of alertRules(rulesYaml)) {
    const mine = cases.filter((c) => c.alertname === rule.alert);
    if (!mine.some((c) => (c.exp_alerts ?? []).length > 0))
      problems.push(`${RULES_TEST_FILE}: no test proves ${rule.alert} fires`);
    if (!mine.some((c) => (c.exp_alerts ?? []).length === 0))
      problems.push(`${RULES_TEST_FILE}: no test proves ${rule.alert} stays silent`);
  }
  return problems;
}

function alertRules(rulesYaml: string): { alert: string; labels?: unknown; annotations?: unknown }[] {
  const rules = parseYaml(rulesYaml) as RuleGroups;
  return rules.groups
    .flatMap((g) => g.rules)
    .filter((r): r is { alert: string } => typeof r.alert === "string");
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function hasPromtool(): boolean {
  try {
    execFileSync("promtool", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

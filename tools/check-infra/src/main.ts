// `npm run check:infra`: offline checks of terraform/, k8s/, the GitHub workflows, the alert rules
// and the origin's Dockerfile. Prints every failed rule, then one summary line; exits 1 on any
// failure. A missing promtool/kubectl is a failure in CI (CI=true) and a warning elsewhere.

import path from "node:path";
import type { CheckResult } from "./check-result.ts";
import { checkDockerfile } from "./dockerfile-check.ts";
import { checkOverlayBoundaries, checkTerraformRules } from "./infra-rules-check.ts";
import { checkKustomize } from "./kustomize-check.ts";
import { checkPrometheusRules } from "./prometheus-rules-check.ts";
import { checkTerraform } from "./terraform-check.ts";
import { checkWorkflowFiles } from "./workflow-check.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
process.chdir(repoRoot);

const checks: { name: string; run: () => CheckResult | Promise<CheckResult> }[] = [
  { name: "terraform", run: () => checkTerraform(path.join(repoRoot, "terraform")) },
  { name: "terraform-rules", run: () => checkTerraformRules(repoRoot) },
  { name: "kustomize", run: () => checkKustomize(repoRoot) },
  { name: "overlay-boundaries", run: () => checkOverlayBoundaries(repoRoot) },
  { name: "workflows", run: () => checkWorkflowFiles(repoRoot) },
  { name: "prometheus-rules", run: () => checkPrometheusRules(repoRoot) },
  { name: "dockerfile", run: () => checkDockerfile(repoRoot) },
];

const results: CheckResult[] = [];
for (const check of checks) {
  let result: CheckResult;
  try {
    result = await check.run();
  } catch (error) {
    result = {
      name: check.name,
      status: "fail",
      problems: [`crashed: ${(error as Error).stack}`],
      notes: [],
    };
  }
  results.push(result);
  const mark = { pass: "ok  ", fail: "FAIL", skip: "skip" }[result.status];
  console.log(`${mark} ${result.name}`);
  for (const note of result.notes) console.log(`       ${note}`);
  for (const problem of result.problems) console.log(`     ✗ ${problem}`);
}

const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
console.log(
  `check:infra: ${results.length} checks — ${count("pass")} ok, ${count("fail")} failed, ${count("skip")} skipped`,
);
process.exitCode = count("fail") > 0 ? 1 : 0;

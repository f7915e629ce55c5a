// Runs the rule sets of issues 9, 12 and 14 against the repository: the terraform-only rules, and
// the rules that compare the rendered overlays with what terraform set up (RBAC, origin-pull CA).

import { execFileSync } from "node:child_process";
import path from "node:path";
import { type CheckResult, missingTool, resultOf } from "./check-result.ts";
import { EDGE_BOUNDARY_RULES } from "./edge-boundary-rules.ts";
import { FIRST_APPLY_RULES } from "./first-apply-rules.ts";
import { buildOverlay, OVERLAYS } from "./kustomize-check.ts";
import { MEDIAPACKAGE_RULES } from "./mediapackage-rules.ts";
import * as overlayRules from "./overlay-boundary-rules.ts";
import type { Rule } from "./rule-set.ts";
import { loadTerraformTree, type TerraformTree } from "./terraform-tree.ts";

export const TERRAFORM_RULES: Rule[] = [...FIRST_APPLY_RULES, ...EDGE_BOUNDARY_RULES, ...MEDIAPACKAGE_RULES];

export function runRules(tree: TerraformTree, rules: Rule[] = TERRAFORM_RULES): string[] {
  return rules.flatMap((rule) => rule.check(tree).map((problem) => `[${rule.id}] ${problem}`));
}

export async function checkTerraformRules(repoRoot: string): Promise<CheckResult> {
  const tree = await loadTerraformTree(path.join(repoRoot, "terraform"));
  return resultOf("terraform-rules", runRules(tree), [`${TERRAFORM_RULES.length} rules (issues 9, 12, 14)`]);
}

export async function checkOverlayBoundaries(repoRoot: string): Promise<CheckResult> {
  const name = "overlay-boundaries";
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
  } catch {
    return missingTool(name, "kubectl", "needed for `kubectl kustomize`");
  }
  const tree = await loadTerraformTree(path.join(repoRoot, "terraform"));
  const roleRules = overlayRules.deployerRoleRules(tree);
  const problems: string[] = [];
  if (roleRules.length === 0)
    problems.push('terraform/k8s: no kubernetes_role_v1 "deployer" for the deploy workflow');
  for (const overlay of OVERLAYS) {
    const objects = buildOverlay(path.join(repoRoot, overlay.dir));
    const namespace = objects.find((o) => o.metadata?.namespace)?.metadata?.namespace ?? "";
    const found = [
      ...overlayRules.deployerMayApply(objects, roleRules),
      ...(overlay.kind === "migrate"
        ? []
        : [
            ...overlayRules.ingressesOnlyThroughCloudflare(objects, namespace),
            ...overlayRules.originTrustsCloudflareAddress(objects),
            ...overlayRules.stateRedisNeverEvicts(objects),
          ]),
    ];
    problems.push(...found.map((p) => `${overlay.dir}: ${p}`));
  }
  return resultOf(name, problems, [
    "Ingress mTLS, client address, state Redis, deploy RBAC vs. rendered overlays",
  ]);
}

// What a terraform rule is: an id (printed before each problem) and a check that returns the
// problems it finds in the tree (empty = holds). A rule set is written `{ id: check }`, so one id
// can name one rule only.

import type { TerraformTree } from "./terraform-tree.ts";

export type Rule = { id: string; check: (tree: TerraformTree) => string[] };

export function ruleSet(checks: Record<string, Rule["check"]>): Rule[] {
  return Object.entries(checks).map(([id, check]) => ({ id, check }));
}

// Test support: the repository's real terraform/ tree, and copies of it with one file changed, so
// each rule test shows the rule passing on the real code and failing on the old pattern.

import path from "node:path";
import { expect, it } from "vitest";
import type { Rule } from "./first-apply-rules.ts";
import { loadTerraformTree, type TerraformTree, treeFromTexts } from "./terraform-tree.ts";

const terraformDir = path.resolve(import.meta.dirname, "../../../terraform");

export const realTree: TerraformTree = await loadTerraformTree(terraformDir);

/** The real tree with `from` replaced by `to` in one file (which must contain `from`). */
export async function treeWith(file: string, from: string | RegExp, to: string): Promise<TerraformTree> {
  const text = realTree.texts.get(file);
  expect(text, `terraform/${file} exists`).toBeDefined();
  const changed = (text ?? "").replace(from, to);
  expect(changed, `terraform/${file} contains ${String(from)}`).not.toBe(text);
  const texts = new Map(realTree.texts);
  texts.set(file, changed);
  return treeFromTexts(texts);
}

/** The problems one rule (by id) of a rule set finds in a tree. */
export function runRule(rules: Rule[], id: string, tree: TerraformTree): string[] {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule.check(tree);
}

/**
 * The shared start of every rule set's tests: a first test that each rule holds on the
 * repository's own terraform, and a `check(id, tree)` for the tests that break one rule.
 */
export function testRuleSet(rules: Rule[]): (id: string, tree: TerraformTree) => string[] {
  it("all hold on the repository's terraform", () => {
    for (const rule of rules) expect(rule.check(realTree), rule.id).toEqual([]);
  });
  return (id, tree) => runRule(rules, id, tree);
}

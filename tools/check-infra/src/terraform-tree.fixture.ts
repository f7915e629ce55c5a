// Test support: the repository's real terraform/ tree, and copies of it with one file changed, so
// each rule test shows the rule passing on the real code and failing on the old pattern.

import path from "node:path";
import { expect, it } from "vitest";
import type { Rule } from "./rule-set.ts";
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

/** The old pattern a rule exists for: the real tree with `from` replaced by `to` in `file`. */
export type Breakage = {
  rule: string;
  /** What the changed tree does wrong, for the test's name. */
  fails: string;
  file: string;
  from: string | RegExp;
  to: string;
  /** Exactly what the rule must report then. */
  problems: unknown[];
};

/**
 * Every rule set's tests: each rule holds on the repository's own terraform, fails on each of its
 * breakages with exactly the problems listed, and none is left without a breakage.
 */
export function testRuleSet(rules: Rule[], breakages: Breakage[]): void {
  it("all hold on the repository's terraform", () => {
    for (const rule of rules) expect(rule.check(realTree), rule.id).toEqual([]);
  });
  it("each have a breakage that makes them fail", () => {
    expect(rules.filter((rule) => !breakages.some((b) => b.rule === rule.id)).map((rule) => rule.id)).toEqual(
      [],
    );
  });
  it.each(breakages)("$rule fails $fails", async ({ rule, file, from, to, problems }) => {
    expect(runRule(rules, rule, await treeWith(file, from, to))).toEqual(problems);
  });
}

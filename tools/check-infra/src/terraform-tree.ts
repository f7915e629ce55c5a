// The terraform/ directory as the rule checks see it: every .tf file parsed to JSON (hcl2json),
// the tfvars and backend files of each environment, and the other files the configuration reads
// (Helm values, the CloudFront function). Built from a map of relative path -> text, so the tests
// can take the repository's real files, change one, and run the same rules.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "@cdktf/hcl2json";

export type Block = Record<string, unknown>;
export type TfDocument = { file: string; text: string; json: Record<string, unknown> };
export type TerraformTree = {
  /** .tf files by module directory ("", "k8s", "bootstrap"), paths relative to terraform/. */
  modules: Map<string, TfDocument[]>;
  /** envs/<env>.tfvars and envs/<env>.s3.tfbackend, parsed, by file name. */
  envFiles: Map<string, TfDocument>;
  /** Every file under terraform/ by relative path (values files, functions, ...). */
  texts: Map<string, string>;
};

export async function loadTerraformTree(terraformDir: string): Promise<TerraformTree> {
  const texts = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(".terraform")) continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else texts.set(path.relative(terraformDir, full), readFileSync(full, "utf8"));
    }
  };
  walk(terraformDir);
  return treeFromTexts(texts);
}

export async function treeFromTexts(texts: Map<string, string>): Promise<TerraformTree> {
  const modules = new Map<string, TfDocument[]>();
  const envFiles = new Map<string, TfDocument>();
  for (const [file, text] of texts) {
    if (file.endsWith(".tf")) {
      const dir = path.dirname(file) === "." ? "" : path.dirname(file);
      const doc = { file, text, json: (await parse(file, text)) as Record<string, unknown> };
      modules.set(dir, [...(modules.get(dir) ?? []), doc]);
    } else if (/^envs\/[\w.-]+\.(tfvars|s3\.tfbackend)$/.test(file)) {
      envFiles.set(path.basename(file), {
        file,
        text,
        json: (await parse(file, text)) as Record<string, unknown>,
      });
    }
  }
  return { modules, envFiles, texts };
}

export type Found = { type: string; name: string; body: Block; doc: TfDocument };

/** Resources (or data sources, kind "data") of one type in one module. */
export function blocksOf(tree: TerraformTree, module: string, kind: "resource" | "data", type: string) {
  const found: Found[] = [];
  for (const doc of tree.modules.get(module) ?? []) {
    const byName = (doc.json[kind] as Record<string, Record<string, Block[]>> | undefined)?.[type] ?? {};
    for (const [name, bodies] of Object.entries(byName))
      found.push({ type, name, body: bodies[0] ?? {}, doc });
  }
  return found;
}

/** A named top-level block (provider, module, variable, output) of one module. */
export function namedBlock(
  tree: TerraformTree,
  module: string,
  kind: "provider" | "module" | "variable" | "output",
  name: string,
): { body: Block; doc: TfDocument } | undefined {
  for (const doc of tree.modules.get(module) ?? []) {
    const body = (doc.json[kind] as Record<string, Block[]> | undefined)?.[name]?.[0];
    if (body) return { body, doc };
  }
  return undefined;
}

/** The expression text of a local value, or undefined. */
export function localValue(tree: TerraformTree, module: string, name: string): unknown {
  for (const doc of tree.modules.get(module) ?? []) {
    for (const block of (doc.json.locals as Block[] | undefined) ?? []) if (name in block) return block[name];
  }
  return undefined;
}

/** Nested blocks come back from hcl2json as arrays of objects; attributes as plain values. */
export function blocks(value: unknown): Block[] {
  if (Array.isArray(value)) return value.filter((v): v is Block => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Block] : [];
}

/** Everything an HCL value says, as one string, for "does it mention X" questions. */
export function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** `file:line` of the first occurrence of a needle in a document (line 1 when absent). */
export function where(doc: TfDocument, needle: string): string {
  const index = doc.text.indexOf(needle);
  return `terraform/${doc.file}:${index < 0 ? 1 : doc.text.slice(0, index).split("\n").length}`;
}

/** Names of the environments that have a tfvars file (dev, prod). */
export function environments(tree: TerraformTree): string[] {
  return [...tree.envFiles.keys()].filter((f) => f.endsWith(".tfvars")).map((f) => f.replace(".tfvars", ""));
}

/** The value an environment gives a variable: its tfvars, else the variable's default. */
export function variableValue(tree: TerraformTree, env: string, name: string): unknown {
  const tfvars = tree.envFiles.get(`${env}.tfvars`)?.json ?? {};
  if (name in tfvars) return tfvars[name];
  return namedBlock(tree, "", "variable", name)?.body.default;
}

/** `${var.x}` (and nothing else) -> "x". */
export function bareVariable(expression: unknown): string | undefined {
  return typeof expression === "string" ? /^\$\{var\.([\w-]+)\}$/.exec(expression)?.[1] : undefined;
}

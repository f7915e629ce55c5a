// Static checks of terraform/ without a terraform binary: every file parses (HCL -> JSON through
// @cdktf/hcl2json), every reference inside a module resolves to a declaration of that module,
// local child modules are called with declared inputs and read declared outputs, and no secret
// is written into the code.

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { type CheckResult, resultOf } from "./check-result.ts";
import { isSecretName, scanForSecrets } from "./secret-scan.ts";

export type TfFile = { name: string; text: string };

type Block = Record<string, unknown>;
type Parsed = {
  variable?: Record<string, Block[]>;
  locals?: Block[];
  resource?: Record<string, Record<string, Block[]>>;
  data?: Record<string, Record<string, Block[]>>;
  module?: Record<string, Block[]>;
  output?: Record<string, Block[]>;
};

/** What one module (one directory of .tf files) declares. */
export type ModuleDeclarations = {
  variables: Map<string, { required: boolean; sensitive: boolean }>;
  locals: Set<string>;
  resources: Set<string>;
  data: Set<string>;
  modules: Map<string, { source: string; args: string[] }>;
  outputs: Set<string>;
};

// Provider prefixes whose resource types may be referenced bare (`aws_s3_bucket.hls.arn`).
const RESOURCE_PREFIXES = [
  "aws",
  "awscc",
  "cloudflare",
  "upstash",
  "helm",
  "kubernetes",
  "random",
  "tls",
  "time",
  "null",
];
const META_ARGUMENTS = new Set(["source", "version", "providers", "depends_on", "count", "for_each"]);

export async function checkTerraform(terraformDir: string): Promise<CheckResult> {
  const name = "terraform";
  const dirs = moduleDirectories(terraformDir);
  if (dirs.length === 0) return resultOf(name, [`no .tf files under ${terraformDir}`]);
  const problems: string[] = [];
  const declarations = new Map<string, ModuleDeclarations>();
  const parsedByDir = new Map<string, { file: string; json: Parsed; text: string }[]>();

  for (const dir of dirs) {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".tf"))
      .map((f) => ({ name: path.join(dir, f), text: readFileSync(path.join(dir, f), "utf8") }));
    const { parsed, errors } = await parseFiles(files);
    problems.push(...errors);
    parsedByDir.set(dir, parsed);
    declarations.set(dir, collectDeclarations(parsed.map((p) => p.json)));
  }
  for (const [dir, parsed] of parsedByDir) {
    const own = declarations.get(dir);
    if (!own) continue;
    const childOf = (source: string) => declarations.get(path.resolve(dir, source));
    problems.push(...checkReferences(parsed, own, childOf));
    problems.push(...checkSensitiveVariables(parsed));
  }
  for (const file of allFiles(terraformDir, (f) => /\.(tf|tfvars|tfbackend|hcl|ya?ml|json)$/.test(f))) {
    for (const finding of scanForSecrets(file, readFileSync(file, "utf8"))) {
      problems.push(`${rel(finding.file)}:${finding.line}: hard-coded secret? ${finding.reason}`);
    }
  }
  const notes = [`${dirs.length} module(s): ${dirs.map(rel).join(", ")}`];
  return resultOf(name, problems, notes);
}

/** Parses and cross-checks one module given as in-memory files (used by the unit tests). */
export async function analyseModule(
  files: TfFile[],
  children: Record<string, TfFile[]> = {},
): Promise<string[]> {
  const { parsed, errors } = await parseFiles(files);
  const own = collectDeclarations(parsed.map((p) => p.json));
  const childDecls = new Map<string, ModuleDeclarations>();
  for (const [source, childFiles] of Object.entries(children)) {
    const child = await parseFiles(childFiles);
    errors.push(...child.errors);
    childDecls.set(source, collectDeclarations(child.parsed.map((p) => p.json)));
  }
  const secretProblems = files.flatMap((f) =>
    scanForSecrets(f.name, f.text).map((s) => `${f.name}:${s.line}: hard-coded secret? ${s.reason}`),
  );
  return [
    ...errors,
    ...checkReferences(parsed, own, (source) => childDecls.get(source)),
    ...checkSensitiveVariables(parsed),
    ...secretProblems,
  ];
}

async function parseFiles(files: TfFile[]) {
  const parsed: { file: string; json: Parsed; text: string }[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      parsed.push({ file: file.name, json: (await parse(file.name, file.text)) as Parsed, text: file.text });
    } catch (error) {
      errors.push(`${rel(file.name)}: does not parse: ${(error as Error).message}`);
    }
  }
  return { parsed, errors };
}

function collectDeclarations(jsons: Parsed[]): ModuleDeclarations {
  const d: ModuleDeclarations = {
    variables: new Map(),
    locals: new Set(),
    resources: new Set(),
    data: new Set(),
    modules: new Map(),
    outputs: new Set(),
  };
  for (const json of jsons) {
    for (const [name, blocks] of Object.entries(json.variable ?? {})) {
      const block = blocks[0] ?? {};
      d.variables.set(name, { required: !("default" in block), sensitive: block.sensitive === true });
    }
    for (const block of json.locals ?? []) for (const name of Object.keys(block)) d.locals.add(name);
    for (const [type, byName] of Object.entries(json.resource ?? {}))
      for (const name of Object.keys(byName)) d.resources.add(`${type}.${name}`);
    for (const [type, byName] of Object.entries(json.data ?? {}))
      for (const name of Object.keys(byName)) d.data.add(`${type}.${name}`);
    for (const [name, blocks] of Object.entries(json.module ?? {})) {
      const block = blocks[0] ?? {};
      d.modules.set(name, { source: String(block.source ?? ""), args: Object.keys(block) });
    }
    for (const name of Object.keys(json.output ?? {})) d.outputs.add(name);
  }
  return d;
}

function checkReferences(
  parsed: { file: string; json: Parsed; text: string }[],
  own: ModuleDeclarations,
  childOf: (source: string) => ModuleDeclarations | undefined,
): string[] {
  const problems = new Set<string>();
  const resourceRef = new RegExp(
    `(?<![\\w.])((?:${RESOURCE_PREFIXES.join("|")})_[a-z0-9_]+|terraform_data)\\.([A-Za-z_][\\w-]*)`,
    "g",
  );
  for (const { file, json, text } of parsed) {
    const where = (needle: string) => `${rel(file)}:${lineOf(text, needle)}`;
    for (const expr of expressions(json)) {
      for (const m of expr.matchAll(/(?<![\w.])var\.([A-Za-z_][\w-]*)/g)) {
        if (!own.variables.has(m[1] as string))
          problems.add(`${where(m[0])}: var.${m[1]} is used but no variable "${m[1]}" is declared`);
      }
      for (const m of expr.matchAll(/(?<![\w.])local\.([A-Za-z_][\w-]*)/g)) {
        if (!own.locals.has(m[1] as string)) problems.add(`${where(m[0])}: local.${m[1]} is not defined`);
      }
      for (const m of expr.matchAll(/(?<![\w.])data\.([a-z][\w]*)\.([A-Za-z_][\w-]*)/g)) {
        if (!own.data.has(`${m[1]}.${m[2]}`))
          problems.add(`${where(m[0])}: data.${m[1]}.${m[2]} is referenced but not declared`);
      }
      for (const m of expr.matchAll(resourceRef)) {
        if (!own.resources.has(`${m[1]}.${m[2]}`))
          problems.add(`${where(m[0])}: resource ${m[1]}.${m[2]} is referenced but not declared`);
      }
      for (const m of expr.matchAll(
        /(?<![\w.])module\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_][\w-]*))?/g,
      )) {
        const mod = own.modules.get(m[1] as string);
        if (!mod) {
          problems.add(`${where(m[0])}: module.${m[1]} is referenced but not declared`);
          continue;
        }
        const child = isLocalSource(mod.source) ? childOf(mod.source) : undefined;
        if (child && m[2] && !child.outputs.has(m[2]))
          problems.add(`${where(m[0])}: module.${m[1]}.${m[2]}: ${mod.source} has no output "${m[2]}"`);
      }
    }
  }
  for (const [name, mod] of own.modules) {
    if (!isLocalSource(mod.source)) continue;
    const child = childOf(mod.source);
    if (!child) {
      problems.add(`module "${name}": local source ${mod.source} has no .tf files`);
      continue;
    }
    for (const arg of mod.args) {
      if (!META_ARGUMENTS.has(arg) && !child.variables.has(arg))
        problems.add(`module "${name}": input "${arg}" is not a variable of ${mod.source}`);
    }
    for (const [variable, info] of child.variables) {
      if (info.required && !mod.args.includes(variable))
        problems.add(`module "${name}": required input "${variable}" of ${mod.source} is not set`);
    }
  }
  return [...problems];
}

// Secret-looking variables must be marked sensitive and must not ship a default value.
function checkSensitiveVariables(parsed: { file: string; json: Parsed }[]): string[] {
  const problems: string[] = [];
  for (const { file, json } of parsed) {
    for (const [name, blocks] of Object.entries(json.variable ?? {})) {
      if (!isSecretName(name)) continue;
      const block = blocks[0] ?? {};
      if (block.sensitive !== true)
        problems.push(`${rel(file)}: variable "${name}" looks secret but is not sensitive`);
      if (typeof block.default === "string" && block.default !== "")
        problems.push(`${rel(file)}: variable "${name}" looks secret but has a literal default`);
    }
  }
  return problems;
}

/** Every string in the parsed JSON that holds an HCL expression (hcl2json wraps them in ${...}). */
function* expressions(value: unknown): Generator<string> {
  if (typeof value === "string") {
    if (value.includes("${")) yield value;
  } else if (Array.isArray(value)) {
    for (const item of value) yield* expressions(item);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("${")) yield key;
      yield* expressions(item);
    }
  }
}

function isLocalSource(source: string): boolean {
  return source.startsWith("./") || source.startsWith("../");
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  return index < 0 ? 1 : text.slice(0, index).split("\n").length;
}

function moduleDirectories(root: string): string[] {
  const dirs = new Set<string>();
  for (const file of allFiles(root, (f) => f.endsWith(".tf"))) dirs.add(path.dirname(file));
  return [...dirs].sort();
}

function allFiles(root: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry === ".terraform" || entry.startsWith(".terraform.")) continue;
    const full = path.join(root, entry);
    if (statSync(full).isDirectory()) out.push(...allFiles(full, keep));
    else if (keep(full)) out.push(full);
  }
  return out;
}

function rel(file: string): string {
  return path.isAbsolute(file) ? path.relative(process.cwd(), file) : file;
}

// Static lint of origin/Dockerfile (no Docker engine here): pinned base images, multi-stage with
// production dependencies only, a non-root runtime user, no secrets baked in, a HEALTHCHECK (or a
// comment saying why there is none), exec-form CMD, and a .dockerignore that keeps secrets and
// node_modules out of the build context.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type CheckResult, resultOf } from "./check-result.ts";
import { scanForSecrets } from "./secret-scan.ts";

export function checkDockerfile(repoRoot: string): CheckResult {
  const file = path.join(repoRoot, "origin/Dockerfile");
  if (!existsSync(file)) return resultOf("dockerfile", ["origin/Dockerfile is missing"]);
  const ignoreFile = path.join(repoRoot, ".dockerignore");
  const ignore = existsSync(ignoreFile) ? readFileSync(ignoreFile, "utf8") : undefined;
  return resultOf("dockerfile", lintDockerfile(readFileSync(file, "utf8"), ignore), [
    "origin/Dockerfile, .dockerignore",
  ]);
}

type Instruction = { keyword: string; args: string; line: number };

export function lintDockerfile(text: string, dockerignore: string | undefined): string[] {
  const problems: string[] = [];
  const instructions = parseInstructions(text);
  const args = new Map<string, string>();
  const stageNames = new Set<string>();
  const froms = instructions.filter((i) => i.keyword === "FROM");
  if (froms.length < 2)
    problems.push("Dockerfile: use a multi-stage build (dependencies stage + runtime stage)");

  let lastStageStart = 0;
  for (const [index, ins] of instructions.entries()) {
    if (ins.keyword === "ARG") {
      const [name, value] = ins.args.split("=", 2);
      if (name && value !== undefined) args.set(name.trim(), value.trim().replace(/^"|"$/g, ""));
    }
    if (ins.keyword !== "FROM") continue;
    lastStageStart = index;
    const parts = ins.args.split(/\s+/).filter((p) => !p.startsWith("--"));
    const image = (parts[0] ?? "").replace(/\$\{?(\w+)\}?/g, (_, n: string) => args.get(n) ?? `$${n}`);
    const alias = parts[1]?.toLowerCase() === "as" ? parts[2] : undefined;
    if (!stageNames.has(image)) {
      const problem = imagePinProblem(image);
      if (problem) problems.push(`Dockerfile:${ins.line}: FROM ${image}: ${problem}`);
    }
    if (alias) stageNames.add(alias);
  }

  const finalStage = instructions.slice(lastStageStart);
  const users = finalStage.filter((i) => i.keyword === "USER");
  const user = users[users.length - 1]?.args.split(":")[0]?.trim();
  if (!user) problems.push("Dockerfile: the runtime stage must set USER to a non-root user");
  else if (user === "root" || user === "0")
    problems.push(`Dockerfile: runtime USER must not be root (is ${user})`);

  const hasHealthcheck = instructions.some((i) => i.keyword === "HEALTHCHECK" && !/^NONE\b/i.test(i.args));
  if (!hasHealthcheck && !/^#.*no HEALTHCHECK because/im.test(text))
    problems.push("Dockerfile: add a HEALTHCHECK or a comment `# no HEALTHCHECK because ...`");

  const cmd = finalStage.filter((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT").pop();
  if (!cmd) problems.push("Dockerfile: the runtime stage needs a CMD");
  else if (!cmd.args.trim().startsWith("["))
    problems.push(`Dockerfile:${cmd.line}: use the exec form of ${cmd.keyword} so node receives SIGTERM`);

  const installs = instructions.filter((i) => i.keyword === "RUN" && /npm (ci|install)/.test(i.args));
  if (installs.length === 0) problems.push("Dockerfile: dependencies must be installed with npm ci");
  for (const ins of installs) {
    if (!/npm ci\b/.test(ins.args))
      problems.push(`Dockerfile:${ins.line}: use npm ci (lockfile), not npm install`);
    if (!/--omit=dev/.test(ins.args))
      problems.push(`Dockerfile:${ins.line}: install production dependencies only (--omit=dev)`);
  }

  for (const ins of instructions) {
    if (ins.keyword === "ENV" || ins.keyword === "ARG") {
      for (const m of ins.args.matchAll(/([A-Za-z_][\w]*)\s*[= ]\s*("[^"]*"|\S+)/g)) {
        const name = m[1] ?? "";
        if (/(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|DATABASE_URL)/i.test(name) && (m[2] ?? "") !== '""')
          problems.push(`Dockerfile:${ins.line}: ${ins.keyword} ${name} bakes a secret into the image`);
      }
    }
    if ((ins.keyword === "COPY" || ins.keyword === "ADD") && /(^|\s)\.env\b|\.pem\b|id_rsa/.test(ins.args))
      problems.push(`Dockerfile:${ins.line}: ${ins.keyword} of a secret file`);
  }
  for (const finding of scanForSecrets("Dockerfile", text)) {
    problems.push(`Dockerfile:${finding.line}: hard-coded secret? ${finding.reason}`);
  }

  if (dockerignore === undefined) problems.push(".dockerignore is missing");
  else {
    const entries = dockerignore.split("\n").map((l) => l.trim());
    for (const required of ["node_modules", ".git", ".env"]) {
      if (!entries.some((e) => e === required || e === `${required}/` || e === `**/${required}`))
        problems.push(`.dockerignore must exclude ${required}`);
    }
  }
  return problems;
}

function imagePinProblem(image: string): string | undefined {
  if (image.includes("$")) return "unresolved build argument in the base image";
  if (image === "scratch" || image.includes("@sha256:")) return undefined;
  const lastSegment = image.split("/").pop() ?? "";
  const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
  if (!tag) return "no tag (implicitly :latest); pin a version";
  if (tag === "latest") return ":latest is not pinned";
  if (!/\d/.test(tag)) return `tag ${tag} names no version`;
  return undefined;
}

function parseInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i] ?? "";
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.trimEnd().endsWith("\\") && i + 1 < lines.length) {
      i++;
      const next = lines[i] ?? "";
      if (/^\s*#/.test(next)) continue;
      line = `${line.trimEnd().slice(0, -1)} ${next.trim()}`;
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (m) out.push({ keyword: (m[1] ?? "").toUpperCase(), args: (m[2] ?? "").trim(), line: start + 1 });
  }
  return out;
}

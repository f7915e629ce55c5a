// GitHub Actions: both workflows parse; CI runs every gate of the repository against real
// Postgres 16 and Redis 7; the deploy workflow is the five-stage chain
//   build & test -> image -> deploy dev -> approval (environment: production) -> deploy prod
// with OIDC instead of static AWS keys and a concurrency group that never cancels a deploy.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { type CheckResult, resultOf } from "./check-result.ts";

type Job = {
  needs?: string | string[];
  environment?: string | { name?: string };
  uses?: string;
  steps?: { uses?: string; run?: string; with?: Record<string, unknown> }[];
  services?: Record<string, { image?: string }>;
  env?: Record<string, unknown>;
  [key: string]: unknown;
};
type Workflow = {
  on?: unknown;
  concurrency?: { group?: string; "cancel-in-progress"?: boolean } | string;
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  jobs?: Record<string, Job>;
};

export type WorkflowFiles = {
  ci: string;
  deploy: string;
  /** Text of local composite actions by `uses:` path, e.g. ./.github/actions/deploy-environment */
  actions?: Record<string, string>;
};

export function checkWorkflowFiles(repoRoot: string): CheckResult {
  const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
  const files: WorkflowFiles = {
    ci: read(".github/workflows/ci.yml"),
    deploy: read(".github/workflows/deploy.yml"),
    actions: {},
  };
  for (const uses of localActionRefs(files.deploy)) {
    const file = path.join(repoRoot, uses, "action.yml");
    if (existsSync(file) && files.actions) files.actions[uses] = readFileSync(file, "utf8");
  }
  return resultOf("workflows", checkWorkflows(files), [".github/workflows/ci.yml, deploy.yml"]);
}

export function checkWorkflows(files: WorkflowFiles): string[] {
  const problems: string[] = [];
  const ci = parseWorkflow("ci.yml", files.ci, problems);
  const deploy = parseWorkflow("deploy.yml", files.deploy, problems);
  if (ci) problems.push(...checkCi(ci));
  if (deploy) problems.push(...checkDeploy(deploy, files.actions ?? {}));
  for (const [name, text] of Object.entries({ "ci.yml": files.ci, "deploy.yml": files.deploy })) {
    if (/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/i.test(text))
      problems.push(`${name}: static AWS keys; use OIDC (role-to-assume)`);
  }
  return problems;
}

function parseWorkflow(name: string, text: string, problems: string[]): Workflow | undefined {
  try {
    const doc = parseYaml(text) as Workflow | null;
    if (!doc?.jobs) {
      problems.push(`${name}: no jobs`);
      return undefined;
    }
    return doc;
  } catch (error) {
    problems.push(`${name}: does not parse: ${(error as Error).message.split("\n")[0]}`);
    return undefined;
  }
}

function triggers(on: unknown): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys((on as Record<string, unknown>) ?? {});
}

function checkCi(ci: Workflow): string[] {
  const problems: string[] = [];
  const on = triggers(ci.on);
  for (const event of ["pull_request", "push"]) {
    if (!on.includes(event)) problems.push(`ci.yml: must run on ${event}`);
  }
  const jobs = Object.values(ci.jobs ?? {});
  const runs = jobs.flatMap((j) => (j.steps ?? []).map((s) => s.run ?? "")).join("\n");
  for (const command of ["npm ci", "npm run lint", "npm run typecheck", "npm test", "npm run check:infra"]) {
    if (!runs.includes(command)) problems.push(`ci.yml: no step runs \`${command}\``);
  }
  const services = jobs.flatMap((j) => Object.values(j.services ?? {}).map((s) => s.image ?? ""));
  if (!services.some((image) => /^postgres:16/.test(image)))
    problems.push("ci.yml: needs a postgres:16 service");
  if (!services.some((image) => /^redis:7/.test(image))) problems.push("ci.yml: needs a redis:7 service");
  const ciEnv = jobs.some((j) => String(j.env?.CI) === "true") || String(ci.env?.CI) === "true";
  if (!ciEnv) problems.push("ci.yml: env CI=true is required (check:infra fails instead of skipping)");
  if (!/apt-get install[^\n]*prometheus/.test(runs))
    problems.push("ci.yml: must install prometheus (promtool)");
  return problems;
}

const STAGES = ["build & test", "image", "deploy dev", "approval", "deploy prod"] as const;

function checkDeploy(deploy: Workflow, actions: Record<string, string>): string[] {
  const problems: string[] = [];
  const on = deploy.on as Record<string, { branches?: string[] }> | undefined;
  if (!on?.push?.branches?.includes("main")) problems.push("deploy.yml: must run on push to main");
  const concurrency =
    typeof deploy.concurrency === "string" ? { group: deploy.concurrency } : deploy.concurrency;
  if (!concurrency?.group) problems.push("deploy.yml: a concurrency group is required");
  if (concurrency && concurrency["cancel-in-progress"] !== false)
    problems.push("deploy.yml: concurrency.cancel-in-progress must be false (never cancel a running deploy)");
  const jobs = deploy.jobs ?? {};
  const texts = Object.fromEntries(Object.entries(jobs).map(([id, job]) => [id, jobText(job, actions)]));
  const idTokenWrite =
    deploy.permissions?.["id-token"] === "write" ||
    Object.values(jobs).some(
      (j) => (j.permissions as Record<string, string> | undefined)?.["id-token"] === "write",
    );
  if (!idTokenWrite) problems.push("deploy.yml: permissions id-token: write is required for OIDC");

  const find = (stage: (typeof STAGES)[number]): string | undefined => {
    const ids = Object.keys(jobs);
    const text = (id: string) => texts[id] ?? "";
    switch (stage) {
      case "build & test":
        return ids.find((id) => /npm test|workflows\/ci\.yml/.test(text(id)));
      case "image":
        return ids.find((id) => /docker\/build-push-action|docker (buildx )?build/.test(text(id)));
      case "deploy dev":
        return ids.find((id) => text(id).includes("k8s/overlays/live-tv-dev"));
      case "approval":
        return ids.find((id) => environmentName(jobs[id]) === "production");
      case "deploy prod":
        return ids.find((id) => text(id).includes("k8s/overlays/live-tv-prod"));
    }
  };
  const found = STAGES.map((stage) => ({ stage, id: find(stage) }));
  for (const { stage, id } of found) if (!id) problems.push(`deploy.yml: no job for the stage "${stage}"`);
  for (let i = 1; i < found.length; i++) {
    const previous = found[i - 1];
    const current = found[i];
    if (!previous?.id || !current?.id) continue;
    if (!needsOf(jobs[current.id]).includes(previous.id))
      problems.push(
        `deploy.yml: job ${current.id} (${current.stage}) must need ${previous.id} (${previous.stage})`,
      );
  }
  const image = found[1]?.id;
  if (image && !/role-to-assume/.test(texts[image] ?? ""))
    problems.push(`deploy.yml: ${image} must use role-to-assume`);
  // Environment names of wrangler.toml ([env.dev], [env.production]).
  for (const [stage, env] of [
    [found[2], "dev"],
    [found[4], "production"],
  ] as const) {
    if (!stage?.id) continue;
    const text = texts[stage.id] ?? "";
    // Migrations (the origin-migrate Job) before the last `kubectl apply -k` (the app), then the
    // rollout wait, then the smoke test.
    const order = [
      text.indexOf("origin-migrate"),
      text.lastIndexOf("kubectl apply -k"),
      text.indexOf("rollout status"),
      text.indexOf("readyz"),
    ];
    if (order.some((i) => i < 0) || order.some((v, i) => i > 0 && v <= (order[i - 1] ?? 0)))
      problems.push(
        `deploy.yml: ${stage.id} must run migrations, then kubectl apply -k, rollout status and a /readyz smoke test, in that order`,
      );
    if (!text.includes("role-to-assume")) problems.push(`deploy.yml: ${stage.id} must use role-to-assume`);
    if (
      !/wrangler deploy --env/.test(text) ||
      !new RegExp(`wrangler-env"?:\\s*"?${env}\\b|--env ${env}\\b`).test(text)
    )
      problems.push(`deploy.yml: ${stage.id} must deploy the Worker with wrangler deploy --env ${env}`);
  }
  return problems;
}

function environmentName(job: Job | undefined): string | undefined {
  if (!job?.environment) return undefined;
  return typeof job.environment === "string" ? job.environment : job.environment.name;
}

function needsOf(job: Job | undefined): string[] {
  if (!job?.needs) return [];
  return Array.isArray(job.needs) ? job.needs : [job.needs];
}

// A job's steps in order, with the steps of the local composite actions it calls inlined, then the
// rest of the job: checks see what actually runs, and in which order.
function jobText(job: Job, actions: Record<string, string>): string {
  const parts: string[] = [];
  for (const step of job.steps ?? []) {
    const action = step.uses ? actions[step.uses] : undefined;
    if (action) {
      const steps = (parseYaml(action) as { runs?: { steps?: unknown[] } } | null)?.runs?.steps ?? [];
      parts.push(...steps.map((s) => JSON.stringify(s)));
    }
    parts.push(JSON.stringify(step));
  }
  const { steps: _steps, ...rest } = job;
  parts.push(JSON.stringify(rest));
  return parts.join("\n").replace(/\\n/g, "\n");
}

function localActionRefs(workflowText: string): string[] {
  return [...workflowText.matchAll(/uses:\s*(\.\/\.github\/actions\/[\w-]+)/g)].map((m) => m[1] as string);
}

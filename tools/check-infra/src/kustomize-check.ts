// Builds every overlay with `kubectl kustomize` (offline), validates each rendered object against
// its schema, and enforces SEEYOO's workload policy: resources, probes, a locked-down security
// context, pinned images, no inline Secrets, and for prod a rollout that never loses capacity.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { type CheckResult, missingTool, resultOf } from "./check-result.ts";
import { type K8sObject, validateObject } from "./k8s-schemas.ts";

export type OverlayKind = "dev" | "prod" | "migrate";
export type ImageException = { image: string; reason: string };

export const OVERLAYS: { dir: string; kind: OverlayKind }[] = [
  { dir: "k8s/overlays/live-tv-dev", kind: "dev" },
  { dir: "k8s/overlays/live-tv-prod", kind: "prod" },
  { dir: "k8s/overlays/live-tv-dev/migrate", kind: "migrate" },
  { dir: "k8s/overlays/live-tv-prod/migrate", kind: "migrate" },
];

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]);
const RUN_TO_COMPLETION = new Set(["Job", "CronJob"]);

export function checkKustomize(repoRoot: string): CheckResult {
  const name = "kustomize";
  if (!hasKubectl()) return missingTool(name, "kubectl", "needed for `kubectl kustomize`");
  const exceptions = loadExceptions(path.join(repoRoot, "k8s/policy-exceptions.yaml"));
  const problems: string[] = [];
  const notes: string[] = [];
  const usedExceptions = new Set<string>();
  for (const overlay of OVERLAYS) {
    let objects: K8sObject[];
    try {
      objects = buildOverlay(path.join(repoRoot, overlay.dir));
    } catch (error) {
      problems.push(`${overlay.dir}: kubectl kustomize failed: ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    notes.push(`${overlay.dir}: ${objects.length} objects`);
    const found = checkManifests(objects, overlay.kind, exceptions, usedExceptions);
    problems.push(...found.map((p) => `${overlay.dir}: ${p}`));
  }
  for (const exception of exceptions) {
    if (!usedExceptions.has(exception.image))
      problems.push(`k8s/policy-exceptions.yaml: exception for ${exception.image} is not needed any more`);
  }
  return resultOf(name, problems, notes);
}

export function buildOverlay(dir: string): K8sObject[] {
  const out = execFileSync("kubectl", ["kustomize", dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

export function loadExceptions(file: string): ImageException[] {
  if (!existsSync(file)) return [];
  const doc = parseYaml(readFileSync(file, "utf8")) as { images?: ImageException[] } | null;
  return (doc?.images ?? []).filter((e) => e.image && e.reason?.trim());
}

/** All problems of one rendered overlay (pure: used by the unit tests with hand-made objects). */
export function checkManifests(
  objects: K8sObject[],
  kind: OverlayKind,
  exceptions: ImageException[] = [],
  usedExceptions = new Set<string>(),
): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const id = `${o.kind ?? "?"}/${o.metadata?.name ?? "?"}`;
    for (const p of validateObject(o)) problems.push(`${id}: schema: ${p}`);
    if (o.kind === "Secret" && (o.data || o.stringData))
      problems.push(`${id}: inline Secret values; reference AWS Secrets Manager through an ExternalSecret`);
    if (o.kind && WORKLOAD_KINDS.has(o.kind)) {
      problems.push(...checkWorkload(o, exceptions, usedExceptions).map((p) => `${id}: ${p}`));
    }
    if (o.kind === "Ingress") problems.push(...checkIngress(o).map((p) => `${id}: ${p}`));
  }
  if (kind === "prod") problems.push(...checkProdRollout(objects));
  if (kind !== "migrate") problems.push(...checkWsproxy(objects));
  return problems;
}

type Container = {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  env?: { name: string; value?: string }[];
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type?: string };
  };
};
type PodSpec = {
  containers?: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
  terminationGracePeriodSeconds?: number;
};

/** A nested field of a parsed manifest, or undefined when any step of the path is missing. */
function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!current || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function podSpecOf(o: K8sObject): PodSpec {
  const path = o.kind === "CronJob" ? ["jobTemplate", "spec", "template", "spec"] : ["template", "spec"];
  return (at(o.spec, ...path) ?? {}) as PodSpec;
}

function checkWorkload(o: K8sObject, exceptions: ImageException[], used: Set<string>): string[] {
  const pod = podSpecOf(o);
  const problems: string[] = [];
  const longRunning = !RUN_TO_COMPLETION.has(o.kind ?? "");
  const podSeccomp = pod.securityContext?.seccompProfile?.type;
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
    const where = `container ${c.name}`;
    for (const section of ["requests", "limits"] as const) {
      for (const resource of ["cpu", "memory"]) {
        if (c.resources?.[section]?.[resource] === undefined)
          problems.push(`${where}: resources.${section}.${resource} is missing`);
      }
    }
    if (longRunning && (pod.containers ?? []).includes(c)) {
      if (!c.readinessProbe) problems.push(`${where}: readinessProbe is missing`);
      if (!c.livenessProbe) problems.push(`${where}: livenessProbe is missing`);
    }
    const sc = c.securityContext ?? {};
    if (sc.runAsNonRoot !== true && pod.securityContext?.runAsNonRoot !== true)
      problems.push(`${where}: runAsNonRoot must be true`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
    if (sc.allowPrivilegeEscalation !== false)
      problems.push(`${where}: allowPrivilegeEscalation must be false`);
    if (sc.privileged === true) problems.push(`${where}: privileged containers are not allowed`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL"))
      problems.push(`${where}: capabilities.drop must include ALL`);
    if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${where}: capabilities.add is not allowed`);
    if ((sc.seccompProfile?.type ?? podSeccomp) !== "RuntimeDefault")
      problems.push(`${where}: seccompProfile RuntimeDefault is required`);
    const imageProblem = checkImage(c.image ?? "", exceptions, used);
    if (imageProblem) problems.push(`${where}: ${imageProblem}`);
  }
  return problems;
}

function checkImage(image: string, exceptions: ImageException[], used: Set<string>): string | undefined {
  if (!image) return "image is missing";
  if (image.includes("@sha256:")) return undefined;
  const lastSegment = image.split("/").pop() ?? image;
  const tag = lastSegment.includes(":") ? lastSegment.split(":").pop() : undefined;
  if (tag && tag !== "latest") return undefined;
  const normalised = tag ? image : `${image}:latest`;
  if (exceptions.some((e) => e.image === normalised)) {
    used.add(normalised);
    return undefined;
  }
  return `image ${image} is not pinned (no tag or :latest) and has no documented exception`;
}

function checkIngress(o: K8sObject): string[] {
  const spec = (o.spec ?? {}) as { tls?: unknown[] };
  const problems: string[] = [];
  if (!spec.tls || spec.tls.length === 0) problems.push("Ingress without TLS");
  if (!o.metadata?.annotations?.["cert-manager.io/cluster-issuer"])
    problems.push("Ingress without a cert-manager.io/cluster-issuer annotation");
  return problems;
}

// Production keeps full capacity during a rollout and lets the origin drain before SIGKILL.
function checkProdRollout(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const origin = objects.find((o) => o.kind === "Deployment" && o.metadata?.name === "origin");
  if (!origin) return ["Deployment/origin is missing"];
  const replicas = at(origin.spec, "replicas");
  if (!(typeof replicas === "number" && replicas >= 3))
    problems.push(`Deployment/origin: replicas must be >= 3 in prod (is ${replicas})`);
  const maxUnavailable = at(origin.spec, "strategy", "rollingUpdate", "maxUnavailable");
  if (!(maxUnavailable === 0 || maxUnavailable === "0%"))
    problems.push(
      `Deployment/origin: strategy.rollingUpdate.maxUnavailable must be 0 (is ${maxUnavailable})`,
    );
  const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.metadata?.name === "origin");
  const minReplicas = (hpa?.spec as { minReplicas?: number } | undefined)?.minReplicas;
  if (hpa && !(typeof minReplicas === "number" && minReplicas >= 3))
    problems.push(`HorizontalPodAutoscaler/origin: minReplicas must be >= 3 in prod (is ${minReplicas})`);
  const pod = podSpecOf(origin);
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === "origin-config");
  const shutdownMs = Number((config?.data as Record<string, string> | undefined)?.SHUTDOWN_GRACE_MS ?? 15000);
  const preStop = Number(at((pod.containers ?? [])[0], "lifecycle", "preStop", "sleep", "seconds") ?? 0);
  if (grace <= preStop + shutdownMs / 1000)
    problems.push(
      `Deployment/origin: terminationGracePeriodSeconds ${grace} must exceed preStop ${preStop} s + SHUTDOWN_GRACE_MS ${shutdownMs / 1000} s`,
    );
  return problems;
}

// wsproxy must be locked to the database host and never log traffic.
function checkWsproxy(objects: K8sObject[]): string[] {
  const wsproxy = objects.find((o) => o.kind === "Deployment" && o.metadata?.name === "wsproxy");
  if (!wsproxy) return [];
  const env = new Map(((podSpecOf(wsproxy).containers ?? [])[0]?.env ?? []).map((e) => [e.name, e.value]));
  const problems: string[] = [];
  const regex = env.get("ALLOW_ADDR_REGEX") ?? "";
  if (!regex.startsWith("^") || !regex.endsWith("$") || regex.length < 10)
    problems.push(
      `Deployment/wsproxy: ALLOW_ADDR_REGEX must be an anchored database host pattern (is "${regex}")`,
    );
  if (env.get("LOG_TRAFFIC") !== "false") problems.push("Deployment/wsproxy: LOG_TRAFFIC must be false");
  if (!env.has("APPEND_PORT"))
    problems.push("Deployment/wsproxy: APPEND_PORT must be set (empty when clients send host:port)");
  if (!regex.includes(":5432"))
    problems.push("Deployment/wsproxy: ALLOW_ADDR_REGEX must pin the Postgres port 5432");
  return problems;
}

function hasKubectl(): boolean {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

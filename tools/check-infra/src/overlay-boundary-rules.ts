// Rules over the rendered overlays that depend on what terraform set up: every Ingress admits only
// Cloudflare (the origin-pull CA terraform writes), the origin trusts only CF-Connecting-IP, the
// dev state Redis never evicts, and the deploy workflow's RBAC Role (terraform/k8s/rbac.tf) may
// apply every kind the overlays contain.

import { ORIGIN_PULL_CA_SECRET } from "./edge-boundary-rules.ts";
import type { K8sObject } from "./k8s-schemas.ts";
import { blocks, blocksOf, localValue, type TerraformTree, textOf } from "./terraform-tree.ts";

export type RoleRule = { apiGroups: string[]; resources: string[]; verbs: string[] };
const APPLY_VERBS = ["get", "create", "patch"];

function annotation(o: K8sObject, name: string): string | undefined {
  return o.metadata?.annotations?.[name];
}

export function ingressesOnlyThroughCloudflare(objects: K8sObject[], namespace: string): string[] {
  const problems: string[] = [];
  for (const o of objects.filter((x) => x.kind === "Ingress")) {
    const id = `Ingress/${o.metadata?.name}`;
    if (annotation(o, "nginx.ingress.kubernetes.io/auth-tls-verify-client") !== "on")
      problems.push(
        `${id}: nginx.ingress.kubernetes.io/auth-tls-verify-client must be "on" (only Cloudflare may connect)`,
      );
    const secret = annotation(o, "nginx.ingress.kubernetes.io/auth-tls-secret");
    if (secret !== `${namespace}/${ORIGIN_PULL_CA_SECRET}`)
      problems.push(
        `${id}: nginx.ingress.kubernetes.io/auth-tls-secret must be ${namespace}/${ORIGIN_PULL_CA_SECRET} (is ${secret ?? "unset"})`,
      );
  }
  return problems;
}

export function originTrustsCloudflareAddress(objects: K8sObject[]): string[] {
  const config = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === "origin-config");
  if (!config) return [];
  const value = (config.data as Record<string, string> | undefined)?.CLIENT_IP_HEADER;
  return value === "cf-connecting-ip"
    ? []
    : [`ConfigMap/origin-config: CLIENT_IP_HEADER must be cf-connecting-ip (is ${value ?? "unset"})`];
}

// Any in-cluster Redis the state bridge talks to must run with maxmemory-policy noeviction.
export function stateRedisNeverEvicts(objects: K8sObject[]): string[] {
  const bridges = objects.flatMap((o) =>
    o.kind === "Deployment"
      ? (((o.spec as { template?: { spec?: { containers?: unknown[] } } })?.template?.spec?.containers ??
          []) as { name?: string; env?: { name: string; value?: string; valueFrom?: unknown }[] }[])
      : [],
  );
  const stateHosts = bridges
    .filter((c) => textOf(c.env).includes("UPSTASH_STATE_REST_TOKEN"))
    .map((c) => /redis:\/\/([\w-]+)/.exec(c.env?.find((e) => e.name === "REDIS_URL")?.value ?? "")?.[1]);
  const problems: string[] = [];
  for (const host of stateHosts) {
    const redis = objects.find((o) => o.kind === "StatefulSet" && o.metadata?.name === host);
    const args = textOf(
      (redis?.spec as { template?: { spec?: { containers?: { args?: string[] }[] } } })?.template?.spec
        ?.containers?.[0]?.args,
    );
    if (!/"--maxmemory-policy","noeviction"/.test(args))
      problems.push(`StatefulSet/${host}: the state Redis must run with --maxmemory-policy noeviction`);
  }
  return problems;
}

function plural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith("y")) return `${lower.slice(0, -1)}ies`;
  if (lower.endsWith("s")) return `${lower}es`;
  return `${lower}s`;
}

export function deployerMayApply(objects: K8sObject[], rules: RoleRule[]): string[] {
  const problems = new Set<string>();
  for (const o of objects) {
    const group = (o.apiVersion ?? "").includes("/") ? (o.apiVersion ?? "").split("/")[0] : "";
    const resource = plural(o.kind ?? "");
    for (const verb of APPLY_VERBS) {
      const allowed = rules.some(
        (r) =>
          (r.apiGroups.includes(group ?? "") || r.apiGroups.includes("*")) &&
          (r.resources.includes(resource) || r.resources.includes("*")) &&
          (r.verbs.includes(verb) || r.verbs.includes("*")),
      );
      if (!allowed)
        problems.add(
          `${o.kind}/${o.metadata?.name}: the deploy role (terraform/k8s/rbac.tf) may not ${verb} ${resource}${group ? `.${group}` : ""}, so \`kubectl apply -k\` in CI would be Forbidden`,
        );
    }
  }
  return [...problems];
}

/** The deployer Role's rules as terraform declares them (local.* references resolved). */
export function deployerRoleRules(tree: TerraformTree): RoleRule[] {
  const role = blocksOf(tree, "k8s", "resource", "kubernetes_role_v1").find((r) => r.name === "deployer");
  if (!role) return [];
  const list = (value: unknown): string[] => {
    const local = /^\$\{local\.([\w-]+)\}$/.exec(textOf(value))?.[1];
    const resolved = local ? localValue(tree, "k8s", local) : value;
    return Array.isArray(resolved) ? resolved.map(String) : [];
  };
  return blocks(role.body.rule).map((r) => ({
    apiGroups: list(r.api_groups),
    resources: list(r.resources),
    verbs: list(r.verbs),
  }));
}

// Schema validation of rendered Kubernetes objects: built-in kinds through kubernetes-models'
// JSON schemas, the CRDs SEEYOO uses (External Secrets, Prometheus Operator, cert-manager)
// through small structural checks of the fields their controllers require.

import * as models from "kubernetes-models";

export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

type ModelClass = new (data: unknown) => { validate(): void };

let registry: Map<string, ModelClass> | undefined;

// kubernetes-models exports groups (`apps`, `networkingK8sIo`, `v1`) of versions of classes; each
// class carries its static apiVersion and kind.
function builtInModels(): Map<string, ModelClass> {
  if (registry) return registry;
  registry = new Map();
  const visit = (value: unknown, depth: number) => {
    if (!value || depth > 3) return;
    if (typeof value === "function") {
      const cls = value as unknown as { apiVersion?: unknown; kind?: unknown };
      if (typeof cls.apiVersion === "string" && typeof cls.kind === "string")
        registry?.set(`${cls.apiVersion}/${cls.kind}`, value as unknown as ModelClass);
      return;
    }
    if (typeof value === "object") for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(models, 0);
  return registry;
}

const crdValidators: Record<string, (o: K8sObject) => string[]> = {
  "external-secrets.io/v1/ExternalSecret": (o) => {
    const spec = o.spec ?? {};
    const problems = [];
    const store = spec.secretStoreRef as { name?: string; kind?: string } | undefined;
    if (!store?.name) problems.push("spec.secretStoreRef.name is required");
    if (store?.kind && !["SecretStore", "ClusterSecretStore"].includes(store.kind))
      problems.push(`spec.secretStoreRef.kind ${store.kind} is not SecretStore/ClusterSecretStore`);
    if (!(spec.target as { name?: string } | undefined)?.name) problems.push("spec.target.name is required");
    const data = (spec.data ?? []) as { secretKey?: string; remoteRef?: { key?: string } }[];
    const dataFrom = (spec.dataFrom ?? []) as unknown[];
    if (data.length === 0 && dataFrom.length === 0) problems.push("spec.data or spec.dataFrom is required");
    data.forEach((d, i) => {
      if (!d.secretKey) problems.push(`spec.data[${i}].secretKey is required`);
      if (!d.remoteRef?.key) problems.push(`spec.data[${i}].remoteRef.key is required`);
    });
    return problems;
  },
  "monitoring.coreos.com/v1/ServiceMonitor": (o) => {
    const spec = o.spec ?? {};
    const problems = [];
    if (!spec.selector || typeof spec.selector !== "object") problems.push("spec.selector is required");
    const endpoints = (spec.endpoints ?? []) as { port?: string; targetPort?: unknown; path?: string }[];
    if (endpoints.length === 0) problems.push("spec.endpoints must not be empty");
    endpoints.forEach((e, i) => {
      if (!e.port && e.targetPort === undefined)
        problems.push(`spec.endpoints[${i}] needs port or targetPort`);
      if (e.path !== undefined && !e.path.startsWith("/"))
        problems.push(`spec.endpoints[${i}].path must start with /`);
    });
    return problems;
  },
  "monitoring.coreos.com/v1/PrometheusRule": (o) => {
    const groups = (o.spec?.groups ?? []) as { name?: string; rules?: Record<string, unknown>[] }[];
    const problems = [];
    if (groups.length === 0) problems.push("spec.groups must not be empty");
    groups.forEach((g, gi) => {
      if (!g.name) problems.push(`spec.groups[${gi}].name is required`);
      (g.rules ?? []).forEach((r, ri) => {
        if (!r.alert && !r.record) problems.push(`spec.groups[${gi}].rules[${ri}] needs alert or record`);
        if (typeof r.expr !== "string" || r.expr.trim() === "")
          problems.push(`spec.groups[${gi}].rules[${ri}].expr is required`);
      });
    });
    return problems;
  },
  "cert-manager.io/v1/Certificate": (o) => {
    const spec = o.spec ?? {};
    const problems = [];
    if (!spec.secretName) problems.push("spec.secretName is required");
    if (!(spec.issuerRef as { name?: string } | undefined)?.name)
      problems.push("spec.issuerRef.name is required");
    if (!Array.isArray(spec.dnsNames) || spec.dnsNames.length === 0)
      problems.push("spec.dnsNames is required");
    return problems;
  },
};

/** Problems of one object against its schema; an unknown kind is a problem too. */
export function validateObject(o: K8sObject): string[] {
  if (!o.apiVersion || !o.kind) return ["apiVersion and kind are required"];
  if (!o.metadata?.name) return ["metadata.name is required"];
  const key = `${o.apiVersion}/${o.kind}`;
  const crd = crdValidators[key];
  if (crd) return crd(o);
  const Model = builtInModels().get(key);
  if (!Model) return [`no schema known for ${key}`];
  try {
    new Model(o).validate();
    return [];
  } catch (error) {
    return String((error as Error).message)
      .split(", ")
      .map((m) => m.replace(/^data\//, ""));
  }
}

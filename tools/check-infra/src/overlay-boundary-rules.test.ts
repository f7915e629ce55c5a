import path from "node:path";
import { describe, expect, it } from "vitest";
import type { K8sObject } from "./k8s-schemas.ts";
import { buildOverlay } from "./kustomize-check.ts";
import {
  deployerMayApply,
  deployerRoleRules,
  ingressesOnlyThroughCloudflare,
  originTrustsCloudflareAddress,
  stateRedisNeverEvicts,
} from "./overlay-boundary-rules.ts";
import { realTree, treeWith } from "./terraform-tree.fixture.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const dev = buildOverlay(path.join(root, "k8s/overlays/live-tv-dev"));
const prod = buildOverlay(path.join(root, "k8s/overlays/live-tv-prod"));
const migrate = buildOverlay(path.join(root, "k8s/overlays/live-tv-prod/migrate"));

/** A deep copy of the rendered objects with one object changed. */
function changed(objects: K8sObject[], kind: string, name: string, change: (o: K8sObject) => void) {
  const copy = structuredClone(objects);
  const target = copy.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!target) throw new Error(`${kind}/${name} not rendered`);
  change(target);
  return copy;
}

describe("overlay boundary rules (issues 9 and 14)", () => {
  it("hold on the rendered dev and prod overlays", () => {
    const rules = deployerRoleRules(realTree);
    for (const [objects, ns] of [
      [dev, "live-tv-dev"],
      [prod, "live-tv-prod"],
    ] as const) {
      expect(ingressesOnlyThroughCloudflare(objects, ns)).toEqual([]);
      expect(originTrustsCloudflareAddress(objects)).toEqual([]);
      expect(stateRedisNeverEvicts(objects)).toEqual([]);
      expect(deployerMayApply(objects, rules)).toEqual([]);
    }
    expect(deployerMayApply(migrate, rules)).toEqual([]);
  });

  it("fails an Ingress that does not verify Cloudflare's client certificate", () => {
    const open = changed(prod, "Ingress", "origin", (o) => {
      delete o.metadata?.annotations?.["nginx.ingress.kubernetes.io/auth-tls-verify-client"];
    });
    expect(ingressesOnlyThroughCloudflare(open, "live-tv-prod")).toEqual([
      'Ingress/origin: nginx.ingress.kubernetes.io/auth-tls-verify-client must be "on" (only Cloudflare may connect)',
    ]);
    const otherCa = changed(prod, "Ingress", "wsproxy", (o) => {
      if (o.metadata?.annotations)
        o.metadata.annotations["nginx.ingress.kubernetes.io/auth-tls-secret"] =
          "live-tv-ENV/cloudflare-origin-pull-ca";
    });
    expect(ingressesOnlyThroughCloudflare(otherCa, "live-tv-prod")).toEqual([
      "Ingress/wsproxy: nginx.ingress.kubernetes.io/auth-tls-secret must be live-tv-prod/cloudflare-origin-pull-ca (is live-tv-ENV/cloudflare-origin-pull-ca)",
    ]);
  });

  it("fails an origin that trusts the TCP peer or X-Forwarded-For", () => {
    const peer = changed(prod, "ConfigMap", "origin-config", (o) => {
      delete (o.data as Record<string, string>).CLIENT_IP_HEADER;
    });
    expect(originTrustsCloudflareAddress(peer)).toEqual([
      "ConfigMap/origin-config: CLIENT_IP_HEADER must be cf-connecting-ip (is unset)",
    ]);
  });

  it("fails a dev state Redis that may evict", () => {
    const evicting = changed(dev, "StatefulSet", "redis-state", (o) => {
      const args = (o.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec
        .containers[0]?.args;
      if (args) args[7] = "allkeys-lru";
    });
    expect(stateRedisNeverEvicts(evicting)).toEqual([
      "StatefulSet/redis-state: the state Redis must run with --maxmemory-policy noeviction",
    ]);
  });

  it("fails a deploy Role that cannot apply the overlays' CRDs (the old AmazonEKSAdminPolicy gap)", async () => {
    const tree = await treeWith(
      "k8s/rbac.tf",
      / {2}rule \{\n {4}api_groups = \["monitoring\.coreos\.com"\][\s\S]*?\n {2}\}\n/,
      "",
    );
    const problems = deployerMayApply(prod, deployerRoleRules(tree));
    expect(problems).toContain(
      "ServiceMonitor/origin: the deploy role (terraform/k8s/rbac.tf) may not create servicemonitors.monitoring.coreos.com, so `kubectl apply -k` in CI would be Forbidden",
    );
    expect(problems).toContain(
      "PrometheusRule/seeyoo-origin: the deploy role (terraform/k8s/rbac.tf) may not create prometheusrules.monitoring.coreos.com, so `kubectl apply -k` in CI would be Forbidden",
    );
  });
});

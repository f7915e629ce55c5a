import { describe, expect, it } from "vitest";
import type { K8sObject } from "./k8s-schemas.ts";
import { checkManifests } from "./kustomize-check.ts";

function origin(
  overrides: { replicas?: number; container?: Record<string, unknown>; maxUnavailable?: number } = {},
) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "origin" },
    spec: {
      replicas: overrides.replicas ?? 3,
      selector: { matchLabels: { app: "origin" } },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: overrides.maxUnavailable ?? 0, maxSurge: 1 },
      },
      template: {
        metadata: { labels: { app: "origin" } },
        spec: {
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "origin",
              image: "seeyoo/origin:abc123",
              resources: {
                requests: { cpu: "250m", memory: "512Mi" },
                limits: { cpu: "250m", memory: "512Mi" },
              },
              readinessProbe: { httpGet: { path: "/readyz", port: 8788 } },
              livenessProbe: { httpGet: { path: "/healthz", port: 8788 } },
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              ...overrides.container,
            },
          ],
        },
      },
    },
  } as K8sObject;
}

describe("kustomize policy check", () => {
  it("passes a locked-down origin Deployment", () => {
    expect(checkManifests([origin()], "prod")).toEqual([]);
  });

  it("fails a container without limits", () => {
    const problems = checkManifests(
      [origin({ container: { resources: { requests: { cpu: "250m", memory: "512Mi" } } } })],
      "dev",
    );
    expect(problems).toEqual([
      "Deployment/origin: container origin: resources.limits.cpu is missing",
      "Deployment/origin: container origin: resources.limits.memory is missing",
    ]);
  });

  it("fails a container without probes or with a writable root filesystem", () => {
    const problems = checkManifests(
      [
        origin({
          container: {
            readinessProbe: undefined,
            livenessProbe: undefined,
            securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ["ALL"] } },
          },
        }),
      ],
      "dev",
    );
    expect(problems).toContain("Deployment/origin: container origin: readinessProbe is missing");
    expect(problems).toContain("Deployment/origin: container origin: livenessProbe is missing");
    expect(problems).toContain("Deployment/origin: container origin: readOnlyRootFilesystem must be true");
    expect(problems).toContain("Deployment/origin: container origin: allowPrivilegeEscalation must be false");
  });

  it("fails :latest and untagged images unless an exception documents them", () => {
    const latest = origin({ container: { image: "seeyoo/origin:latest" } });
    expect(checkManifests([latest], "dev")).toEqual([
      "Deployment/origin: container origin: image seeyoo/origin:latest is not pinned (no tag or :latest) and has no documented exception",
    ]);
    const untagged = origin({ container: { image: "seeyoo/origin" } });
    const used = new Set<string>();
    const exceptions = [{ image: "seeyoo/origin:latest", reason: "test" }];
    expect(checkManifests([untagged], "dev", exceptions, used)).toEqual([]);
    expect(used).toEqual(new Set(["seeyoo/origin:latest"]));
  });

  it("fails prod with fewer than 3 replicas or a rollout that drops capacity", () => {
    expect(checkManifests([origin({ replicas: 2, maxUnavailable: 1 })], "prod")).toEqual([
      "Deployment/origin: replicas must be >= 3 in prod (is 2)",
      "Deployment/origin: strategy.rollingUpdate.maxUnavailable must be 0 (is 1)",
    ]);
    // dev may run a single replica.
    expect(checkManifests([origin({ replicas: 1 })], "dev")).toEqual([]);
  });

  it("fails objects that break their schema, inline Secrets and Ingresses without TLS", () => {
    const broken = origin({ container: { name: undefined } });
    expect(checkManifests([broken], "dev").join("\n")).toMatch(
      /schema: .*containers\/0 must have required property name/,
    );
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db" },
      stringData: { password: "x" },
    };
    expect(checkManifests([secret], "dev")).toEqual([
      "Secret/db: inline Secret values; reference AWS Secrets Manager through an ExternalSecret",
    ]);
    const ingress = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "origin" },
      spec: { rules: [{ host: "origin.example" }] },
    };
    expect(checkManifests([ingress], "dev")).toEqual([
      "Ingress/origin: Ingress without TLS",
      "Ingress/origin: Ingress without a cert-manager.io/cluster-issuer annotation",
    ]);
  });

  it("checks CRDs structurally", () => {
    const externalSecret = {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name: "origin-secrets" },
      spec: {
        secretStoreRef: { kind: "ClusterSecretStore", name: "aws" },
        target: { name: "s" },
        data: [{ secretKey: "A" }],
      },
    };
    expect(checkManifests([externalSecret], "dev")).toEqual([
      "ExternalSecret/origin-secrets: schema: spec.data[0].remoteRef.key is required",
    ]);
    const unknown = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } };
    expect(checkManifests([unknown], "dev")).toEqual([
      "Widget/w: schema: no schema known for example.com/v1/Widget",
    ]);
  });
});

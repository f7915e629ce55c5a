// Issue 14: a first `terraform apply` that works and a second one that changes nothing. One rule
// per pitfall found in the review against the pinned providers', modules' and charts' own docs;
// each returns the problems it finds (empty = holds). docs/operations.md explains each fix.

import { parse as parseYaml } from "yaml";
import { ruleSet } from "./rule-set.ts";
import {
  type Block,
  bareVariable,
  blocks,
  blocksOf,
  environments,
  namedBlock,
  type TerraformTree,
  textOf,
  variableValue,
  where,
} from "./terraform-tree.ts";

export const FIRST_APPLY_RULES = ruleSet({
  "provider-arguments": providerArgumentsInEveryEnvironment,
  "service-monitor-crds-first": serviceMonitorCrdsFirst,
  "ingress-record-never-empty": ingressRecordNeverEmpty,
  "cloudfront-keys-stable": cloudFrontKeysStable,
  "default-storage-class": defaultStorageClass,
  "aurora-major-version": auroraMajorVersionOnly,
  "explicit-cluster-access": explicitClusterAccess,
  "node-group-autoscaler": nodeGroupAutoscaler,
  "ingress-nginx-chart-keys": ingressNginxChartKeys,
  "cors-preflight": corsPreflightAnswered,
  "api-endpoint-restricted": apiEndpointRestricted,
  "no-deprecations": noDeprecations,
});

// Terraform configures every provider, even one whose resources all have count = 0, so a required
// provider argument must have a value in every environment.
function providerArgumentsInEveryEnvironment(tree: TerraformTree): string[] {
  const provider = namedBlock(tree, "", "provider", "upstash");
  if (!provider) return [];
  const problems: string[] = [];
  for (const argument of ["email", "api_key"]) {
    const variable = bareVariable(provider.body[argument]);
    if (!variable) continue;
    // A sensitive variable comes from TF_VAR_* where the provider is used (prod); where it is not
    // used (no managed datastores), nobody exports it.
    const sensitive = namedBlock(tree, "", "variable", variable)?.body.sensitive === true;
    for (const env of environments(tree)) {
      if (sensitive && variableValue(tree, env, "use_managed_datastores") === true) continue;
      const value = variableValue(tree, env, variable);
      if (value === null || value === undefined || value === "")
        problems.push(
          `${where(provider.doc, argument)}: provider "upstash" ${argument} = var.${variable} is empty in ${env}; Terraform configures the provider even when no Upstash resource exists, so \`plan\` fails there`,
        );
    }
  }
  return problems;
}

const SERVICE_MONITOR_ON = /service[mM]onitor:\s*\n(?:\s+[\w-]+:.*\n)*?\s+enabled:\s*true/i;

function valuesFilesOf(release: Block): string[] {
  return [...textOf(release.values).matchAll(/values\/([\w.-]+)/g)].map((m) => `k8s/values/${m[1]}`);
}

// Charts that ship ServiceMonitors need the prometheus-operator CRDs to exist before them; with
// the CRDs inside kube-prometheus-stack (installed last) a new cluster fails with "no matches for
// kind ServiceMonitor", and External Secrets silently drops its monitors.
function serviceMonitorCrdsFirst(tree: TerraformTree): string[] {
  const releases = blocksOf(tree, "k8s", "resource", "helm_release");
  const crds = releases.find((r) => r.body.chart === "prometheus-operator-crds");
  const problems: string[] = [];
  for (const release of releases) {
    if (release === crds) continue;
    const values = valuesFilesOf(release.body).map((f) => tree.texts.get(f) ?? "");
    const isStack = release.body.chart === "kube-prometheus-stack";
    if (!isStack && !values.some((v) => SERVICE_MONITOR_ON.test(v))) continue;
    const label = `helm_release.${release.name}`;
    if (!crds) {
      problems.push(
        `${where(release.doc, label.split(".")[1] ?? "")}: ${label} creates ServiceMonitors but no helm_release installs the prometheus-operator-crds chart first`,
      );
      continue;
    }
    if (!textOf(release.body.depends_on).includes(`helm_release.${crds.name}`))
      problems.push(
        `${where(release.doc, `"${release.name}"`)}: ${label} must depend on helm_release.${crds.name} (its ServiceMonitors need the CRDs)`,
      );
    if (isStack) {
      const stackValues = values.map((v) => parseYaml(v) as { crds?: { enabled?: boolean } } | null);
      if (!stackValues.some((v) => v?.crds?.enabled === false))
        problems.push(
          `${label}: its values must set crds.enabled: false (the CRDs belong to helm_release.${crds.name})`,
        );
    }
  }
  return problems;
}

const EMPTY_FALLBACK = /try\([^)]*,\s*""\s*\)/;

// A DNS record must never be created with empty content because the load balancer had no name yet.
function ingressRecordNeverEmpty(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const record of blocksOf(tree, "", "resource", "cloudflare_record")) {
    if (EMPTY_FALLBACK.test(textOf(record.body.content)))
      problems.push(
        `${where(record.doc, `"${record.name}"`)}: cloudflare_record.${record.name} content falls back to "" (try(..., "")): fail clearly instead`,
      );
  }
  const output = namedBlock(tree, "k8s", "output", "ingress_hostname");
  if (output && EMPTY_FALLBACK.test(textOf(output.body.value)))
    problems.push(
      `${where(output.doc, "ingress_hostname")}: output ingress_hostname hides a missing load balancer behind try(..., "")`,
    );
  for (const service of blocksOf(tree, "k8s", "data", "kubernetes_service_v1")) {
    const post = blocks(blocks(service.body.lifecycle)[0]?.postcondition);
    if (!post.some((p) => textOf(p.condition).includes("hostname")))
      problems.push(
        `${where(service.doc, `"${service.name}"`)}: data.kubernetes_service_v1.${service.name} needs a postcondition that the load balancer hostname is set`,
      );
  }
  return problems;
}

// CloudFront returns the PEM with one trailing newline; anything else diffs and encoded_key
// forces replacement (a new key id on every apply).
function cloudFrontKeysStable(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const key of blocksOf(tree, "", "resource", "aws_cloudfront_public_key")) {
    const encoded = textOf(key.body.encoded_key);
    if (!(encoded.startsWith("${trimspace(") && encoded.endsWith("}\n")))
      problems.push(
        `${where(key.doc, "encoded_key")}: aws_cloudfront_public_key.${key.name}.encoded_key must be "\${trimspace(...)}\\n" (CloudFront stores one trailing newline; otherwise every apply replaces the key)`,
      );
  }
  const variable = namedBlock(tree, "", "variable", "cloudfront_public_keys");
  if (variable && !textOf(variable.body.validation).includes("^[0-9A-Za-z_-]+$"))
    problems.push(
      `${where(variable.doc, "cloudfront_public_keys")}: variable cloudfront_public_keys must validate key names against ^[0-9A-Za-z_-]+$`,
    );
  return problems;
}

// EKS >= 1.30 has no default StorageClass: PVCs (Prometheus, dev Postgres/Redis) stay Pending.
function defaultStorageClass(tree: TerraformTree): string[] {
  const classes = blocksOf(tree, "k8s", "resource", "kubernetes_storage_class_v1").filter(
    (c) =>
      textOf(blocks(c.body.metadata)[0]?.annotations).includes(
        '"storageclass.kubernetes.io/is-default-class":"true"',
      ) && c.body.storage_provisioner === "ebs.csi.aws.com",
  );
  if (classes.length === 0)
    return [
      "terraform/k8s: no default StorageClass (kubernetes_storage_class_v1 with storageclass.kubernetes.io/is-default-class = true and storage_provisioner ebs.csi.aws.com); EKS >= 1.30 has none",
    ];
  const stack = blocksOf(tree, "k8s", "resource", "helm_release").find(
    (r) => r.body.chart === "kube-prometheus-stack",
  );
  const name = `kubernetes_storage_class_v1.${classes[0]?.name}`;
  if (stack && !textOf(stack.body.depends_on).includes(name))
    return [`helm_release.${stack.name} must depend on ${name} (Prometheus' volume claim needs it)`];
  return [];
}

// A pinned minor version + auto minor upgrades = the next plan tries to downgrade and fails.
function auroraMajorVersionOnly(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const cluster of blocksOf(tree, "", "resource", "aws_rds_cluster")) {
    const ignored = textOf(blocks(cluster.body.lifecycle)[0]?.ignore_changes).includes("engine_version");
    if (ignored) continue;
    const expression = cluster.body.engine_version;
    const variable = bareVariable(expression);
    const values = variable
      ? environments(tree).map((env) => variableValue(tree, env, variable))
      : [expression];
    for (const value of values) {
      if (typeof value === "string" && !/^\d+$/.test(value))
        problems.push(
          `${where(cluster.doc, "engine_version")}: aws_rds_cluster.${cluster.name}.engine_version is "${value}"; pin the major version only (AWS upgrades minors, and the plan would try to downgrade)`,
        );
    }
  }
  return problems;
}

// Access must not depend on who ran the first apply, and CI needs explicit rights.
function explicitClusterAccess(tree: TerraformTree): string[] {
  const eks = namedBlock(tree, "", "module", "eks");
  if (!eks) return [];
  const problems: string[] = [];
  if (eks.body.enable_cluster_creator_admin_permissions !== false)
    problems.push(
      `${where(eks.doc, "enable_cluster_creator_admin_permissions")}: enable_cluster_creator_admin_permissions must be false; declare the operator roles as access entries instead`,
    );
  const entries = textOf(eks.body.access_entries);
  if (!entries.includes("AmazonEKSClusterAdminPolicy"))
    problems.push(
      `${where(eks.doc, "access_entries")}: access_entries must give Terraform's operator role(s) AmazonEKSClusterAdminPolicy`,
    );
  if (!/github_deploy[\s\S]*kubernetes_groups/.test(entries))
    problems.push(
      `${where(eks.doc, "access_entries")}: the github_deploy access entry must carry kubernetes_groups bound by an RBAC Role (AmazonEKSAdminPolicy does not cover the overlays' CRDs)`,
    );
  if (blocksOf(tree, "k8s", "resource", "kubernetes_role_binding_v1").length === 0)
    problems.push("terraform/k8s: no kubernetes_role_binding_v1 grants the deploy group its Role");
  return problems;
}

// A max above min means nothing unless something scales the node group.
function nodeGroupAutoscaler(tree: TerraformTree): string[] {
  const grows = environments(tree).filter((env) => {
    const size = variableValue(tree, env, "node_group_size") as { min?: number; max?: number } | undefined;
    return size && typeof size.min === "number" && typeof size.max === "number" && size.max > size.min;
  });
  if (grows.length === 0) return [];
  const charts = blocksOf(tree, "k8s", "resource", "helm_release").map((r) => String(r.body.chart));
  if (charts.some((c) => c === "cluster-autoscaler" || c === "karpenter")) return [];
  return [
    `node_group_size.max > min in ${grows.join(", ")} but no Cluster Autoscaler or Karpenter release scales the node group`,
  ];
}

// Top-level keys under `controller` of the ingress-nginx chart 4.x (values.yaml); anything else is
// silently ignored by Helm.
const INGRESS_NGINX_CONTROLLER_KEYS = new Set(
  (
    "name image existingPsp containerName containerPort config configAnnotations proxySetHeaders addHeaders " +
    "dnsConfig hostAliases hostname dnsPolicy reportNodeInternalIp watchIngressWithoutClass ingressClassByName " +
    "enableAnnotationValidations allowSnippetAnnotations hostNetwork hostPort disableLeaderElection electionID " +
    "electionTTL ingressClassResource ingressClass podLabels podSecurityContext sysctls publishService scope " +
    "configMapNamespace tcp udp maxmindLicenseKey extraArgs extraEnvs kind annotations labels updateStrategy " +
    "minReadySeconds tolerations affinity topologySpreadConstraints terminationGracePeriodSeconds nodeSelector " +
    "startupProbe livenessProbe readinessProbe healthCheckPath healthCheckHost podAnnotations replicaCount " +
    "minAvailable maxUnavailable resources autoscaling autoscalingTemplate keda enableMimalloc customTemplate " +
    "service shareProcessNamespace extraContainers extraVolumeMounts extraVolumes extraInitContainers " +
    "extraModules opentelemetry admissionWebhooks metrics lifecycle priorityClassName networkPolicy " +
    "containerSecurityContext enableTopologyAwareRouting progressDeadlineSeconds unhealthyPodEvictionPolicy " +
    "runtimeClassName terminateTLS"
  ).split(" "),
);

function ingressNginxChartKeys(tree: TerraformTree): string[] {
  const text = tree.texts.get("k8s/values/ingress-nginx.yaml");
  if (!text) return [];
  const controller = (parseYaml(text) as { controller?: Record<string, unknown> } | null)?.controller ?? {};
  return Object.keys(controller)
    .filter((key) => !INGRESS_NGINX_CONTROLLER_KEYS.has(key))
    .map(
      (key) =>
        `terraform/k8s/values/ingress-nginx.yaml: controller.${key} is not a key of the ingress-nginx chart (Helm ignores it)${key === "podDisruptionBudget" ? "; use controller.minAvailable or controller.maxUnavailable" : ""}`,
    );
}

function behavioursOf(distribution: Block): { label: string; body: Block }[] {
  const ordered = [
    ...blocks(distribution.ordered_cache_behavior),
    ...blocks(distribution.dynamic)
      .flatMap((d) => blocks(d.ordered_cache_behavior))
      .flatMap((d) => blocks(d.content)),
  ];
  return [
    ...blocks(distribution.default_cache_behavior).map((body) => ({ label: "default_cache_behavior", body })),
    ...ordered.map((body) => ({ label: `ordered_cache_behavior "${String(body.path_pattern)}"`, body })),
  ];
}

// A browser preflight carries no signature: every signed behaviour that allows OPTIONS must
// answer it before the trusted key group refuses it; and CORS never allows credentials.
function corsPreflightAnswered(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const functions = blocksOf(tree, "", "resource", "aws_cloudfront_function");
  for (const distribution of blocksOf(tree, "", "resource", "aws_cloudfront_distribution")) {
    for (const { label, body } of behavioursOf(distribution.body)) {
      const signed = textOf(body.trusted_key_groups).includes("aws_cloudfront_key_group");
      const options = textOf(body.allowed_methods).includes("OPTIONS");
      if (!signed || !options) continue;
      const association = blocks(body.function_association).find((a) => a.event_type === "viewer-request");
      const fn = functions.find((f) => textOf(association?.function_arn).includes(`.${f.name}.`));
      const code = fn ? textOf(fn.body.code) : "";
      const file = /cloudfront-functions\/[\w.-]+\.js/.exec(code)?.[0];
      if (!fn || !file || !/method\s*[!=]==?\s*"OPTIONS"/.test(tree.texts.get(file) ?? ""))
        problems.push(
          `aws_cloudfront_distribution.${distribution.name} ${label}: signed and allows OPTIONS, but no viewer-request function answers CORS preflights (they carry no signature, so CloudFront would refuse them)`,
        );
    }
  }
  for (const policy of blocksOf(tree, "", "resource", "aws_cloudfront_response_headers_policy")) {
    const cors = blocks(policy.body.cors_config)[0];
    if (cors && cors.access_control_allow_credentials !== false)
      problems.push(
        `${where(policy.doc, "access_control_allow_credentials")}: ${policy.name}: CORS must not allow credentials (the player signs in the query string)`,
      );
  }
  return problems;
}

function apiEndpointRestricted(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const variable = namedBlock(tree, "", "variable", "cluster_endpoint_public_access_cidrs");
  if (variable && !textOf(variable.body.validation).includes("/0"))
    problems.push(
      `${where(variable.doc, "cluster_endpoint_public_access_cidrs")}: variable cluster_endpoint_public_access_cidrs must refuse /0 in a validation`,
    );
  for (const env of environments(tree)) {
    const cidrs = variableValue(tree, env, "cluster_endpoint_public_access_cidrs");
    if (textOf(cidrs).includes('/0"'))
      problems.push(`terraform/envs/${env}.tfvars: the EKS API endpoint is open to the internet (a /0 CIDR)`);
  }
  return problems;
}

function versionLowerBound(constraint: string): number[] | undefined {
  const match = /(?:~>|>=)\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(constraint);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function atLeast(version: number[] | undefined, wanted: number[]): boolean {
  if (!version) return false;
  for (let i = 0; i < wanted.length; i++) {
    const have = version[i] ?? 0;
    const want = wanted[i] ?? 0;
    if (have !== want) return have > want;
  }
  return true;
}

function requiredProviderVersion(tree: TerraformTree, module: string, provider: string): string {
  for (const doc of tree.modules.get(module) ?? []) {
    for (const terraform of blocks(doc.json.terraform)) {
      for (const required of blocks(terraform.required_providers)) {
        const entry = required[provider] as { version?: string } | undefined;
        if (entry?.version) return entry.version;
      }
    }
  }
  return "";
}

function requiredTerraformVersion(tree: TerraformTree, module: string): string {
  for (const doc of tree.modules.get(module) ?? [])
    for (const terraform of blocks(doc.json.terraform))
      if (typeof terraform.required_version === "string") return terraform.required_version;
  return "";
}

// Deprecated spellings: they warn today and become errors in a later provider or Terraform.
function noDeprecations(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const [module] of tree.modules) {
    for (const lifecycle of blocksOf(tree, module, "resource", "aws_s3_bucket_lifecycle_configuration")) {
      for (const rule of blocks(lifecycle.body.rule)) {
        const filter = blocks(rule.filter)[0];
        if (rule.prefix === undefined && (!filter || Object.keys(filter).length === 0))
          problems.push(
            `${where(lifecycle.doc, "rule")}: aws_s3_bucket_lifecycle_configuration.${lifecycle.name} rule "${String(rule.id)}" needs filter { prefix = "" } (an empty or missing filter warns since aws 5.90)`,
          );
      }
    }
  }
  for (const [name, doc] of tree.envFiles) {
    if (!name.endsWith(".s3.tfbackend")) continue;
    if ("dynamodb_table" in doc.json)
      problems.push(
        `terraform/${doc.file}: dynamodb_table is deprecated (Terraform >= 1.11); use use_lockfile = true`,
      );
    if (doc.json.use_lockfile !== true)
      problems.push(`terraform/${doc.file}: use_lockfile = true is required`);
  }
  for (const [module] of tree.modules) {
    const usesLockfile = [...tree.envFiles.values()].some((d) => d.json.use_lockfile === true);
    const required = requiredTerraformVersion(tree, module);
    if (required && usesLockfile && !atLeast(versionLowerBound(required), [1, 11]))
      problems.push(
        `terraform/${module || "."}: required_version "${required}" admits Terraform < 1.11, which has no S3 use_lockfile`,
      );
  }
  for (const [module] of tree.modules) {
    const providers = blocksOf(tree, module, "resource", "aws_iam_openid_connect_provider");
    if (!providers.some((p) => p.body.thumbprint_list === undefined)) continue;
    const constraint = requiredProviderVersion(tree, module, "aws");
    if (!atLeast(versionLowerBound(constraint), [5, 81]))
      problems.push(
        `terraform/${module || "."}: aws "${constraint}" admits versions below 5.81, where aws_iam_openid_connect_provider requires thumbprint_list`,
      );
  }
  return problems;
}

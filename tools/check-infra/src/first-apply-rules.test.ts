import { describe, expect, it } from "vitest";
import { FIRST_APPLY_RULES } from "./first-apply-rules.ts";
import { testRuleSet, treeWith } from "./terraform-tree.fixture.ts";

describe("first-apply rules (issue 14)", () => {
  const check = testRuleSet(FIRST_APPLY_RULES);

  it("fails an Upstash provider that dev configures with a null key", async () => {
    const tree = await treeWith(
      "providers.tf",
      / {2}email {3}= local\.managed_data[^\n]*\n {2}api_key = local\.managed_data[^\n]*/,
      "  email   = var.upstash_email\n  api_key = var.upstash_api_key",
    );
    expect(check("provider-arguments", tree)).toEqual([
      expect.stringMatching(/email = var\.upstash_email is empty in dev/),
      expect.stringMatching(/api_key = var\.upstash_api_key is empty in dev/),
    ]);
  });

  it("fails charts with ServiceMonitors that do not wait for the prometheus-operator CRDs", async () => {
    const tree = await treeWith(
      "k8s/deployments.tf",
      /\n {2}depends_on = \[helm_release\.prometheus_operator_crds\]\n\}\n\nresource "helm_release" "cert_manager"/,
      '\n}\n\nresource "helm_release" "cert_manager"',
    );
    expect(check("service-monitor-crds-first", tree)).toEqual([
      expect.stringMatching(
        /helm_release\.ingress_nginx must depend on helm_release\.prometheus_operator_crds/,
      ),
    ]);
    const stack = await treeWith("k8s/values/kube-prometheus-stack.yaml", "crds:\n  enabled: false\n", "");
    expect(check("service-monitor-crds-first", stack)).toEqual([
      expect.stringMatching(/kube_prometheus_stack: its values must set crds\.enabled: false/),
    ]);
  });

  it("fails an ingress DNS record that may be created with empty content", async () => {
    const output = await treeWith(
      "k8s/services.tf",
      "value       = data.kubernetes_service_v1.ingress_nginx.status[0].load_balancer[0].ingress[0].hostname",
      'value = try(data.kubernetes_service_v1.ingress_nginx.status[0].load_balancer[0].ingress[0].hostname, "")',
    );
    expect(check("ingress-record-never-empty", output)).toEqual([
      expect.stringMatching(/output ingress_hostname hides a missing load balancer/),
    ]);
    const noPostcondition = await treeWith(
      "k8s/services.tf",
      /\n {2}lifecycle \{\n {4}postcondition \{[\s\S]*?\n {4}\}\n {2}\}\n/,
      "\n",
    );
    expect(check("ingress-record-never-empty", noPostcondition)).toEqual([
      expect.stringMatching(/ingress_nginx needs a postcondition/),
    ]);
  });

  it("fails a CloudFront key whose PEM is not normalised, or names that CloudFront rejects", async () => {
    const tree = await treeWith(
      "cloudfront.tf",
      /encoded_key = "\$\{trimspace[^\n]*/,
      "encoded_key = each.value",
    );
    expect(check("cloudfront-keys-stable", tree)).toEqual([
      expect.stringMatching(/encoded_key must be "\$\{trimspace\(\.\.\.\)\}\\n"/),
    ]);
    const names = await treeWith("variables.tf", "^[0-9A-Za-z_-]+$", "^.+$");
    expect(check("cloudfront-keys-stable", names)).toEqual([
      expect.stringMatching(/must validate key names/),
    ]);
  });

  it("fails without a default gp3 StorageClass", async () => {
    const tree = await treeWith(
      "k8s/services.tf",
      '"storageclass.kubernetes.io/is-default-class" = "true"',
      '"x" = "y"',
    );
    expect(check("default-storage-class", tree)).toEqual([expect.stringMatching(/no default StorageClass/)]);
  });

  it("fails an Aurora cluster pinned to a minor version", async () => {
    const tree = await treeWith("variables.tf", 'default     = "16"', 'default     = "16.6"');
    expect(check("aurora-major-version", tree)).toEqual([
      expect.stringMatching(/engine_version is "16\.6"; pin the major version only/),
      expect.stringMatching(/engine_version is "16\.6"/),
    ]);
  });

  it("fails cluster access that depends on the creator or gives CI only AmazonEKSAdminPolicy", async () => {
    const creator = await treeWith(
      "eks.tf",
      "enable_cluster_creator_admin_permissions = false",
      "enable_cluster_creator_admin_permissions = true",
    );
    expect(check("explicit-cluster-access", creator)).toEqual([
      expect.stringMatching(/enable_cluster_creator_admin_permissions must be false/),
    ]);
    const ci = await treeWith(
      "eks.tf",
      "kubernetes_groups = [local.deployer_group]",
      'policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"',
    );
    expect(check("explicit-cluster-access", ci)).toEqual([
      expect.stringMatching(/github_deploy access entry must carry kubernetes_groups/),
    ]);
  });

  it("fails a node group that may grow but has no autoscaler", async () => {
    const tree = await treeWith(
      "k8s/deployments.tf",
      'chart      = "cluster-autoscaler"',
      'chart      = "something-else"',
    );
    expect(check("node-group-autoscaler", tree)).toEqual([
      expect.stringMatching(/node_group_size\.max > min in dev, prod but no Cluster Autoscaler/),
    ]);
  });

  it("fails ingress-nginx values that are not chart keys (controller.podDisruptionBudget)", async () => {
    const tree = await treeWith(
      "k8s/values/ingress-nginx.yaml",
      "  minAvailable: 1\n",
      "  podDisruptionBudget:\n    enabled: true\n    maxUnavailable: 1\n",
    );
    expect(check("ingress-nginx-chart-keys", tree)).toEqual([
      expect.stringMatching(/controller\.podDisruptionBudget is not a key .*use controller\.minAvailable/),
    ]);
  });

  it("fails signed behaviours that allow OPTIONS without answering preflights, and credentialed CORS", async () => {
    const tree = await treeWith(
      "cloudfront.tf",
      /(ordered_cache_behavior \{\n {4}path_pattern {15}= "\*\.m3u8"[\s\S]*?)\n {4}function_association \{[\s\S]*?\n {4}\}\n/,
      "$1\n",
    );
    expect(check("cors-preflight", tree)).toEqual([
      expect.stringMatching(
        /ordered_cache_behavior "\*\.m3u8": signed and allows OPTIONS, but no viewer-request function/,
      ),
    ]);
    const credentials = await treeWith(
      "cloudfront.tf",
      "access_control_allow_credentials = false",
      "access_control_allow_credentials = true",
    );
    expect(check("cors-preflight", credentials)).toEqual([
      expect.stringMatching(/must not allow credentials/),
    ]);
  });

  it("fails an EKS API endpoint open to the internet", async () => {
    const tree = await treeWith(
      "envs/prod.tfvars",
      /cluster_endpoint_public_access_cidrs = \[[^\]]*\]/,
      'cluster_endpoint_public_access_cidrs = ["0.0.0.0/0"]',
    );
    expect(check("api-endpoint-restricted", tree)).toEqual([
      "terraform/envs/prod.tfvars: the EKS API endpoint is open to the internet (a /0 CIDR)",
    ]);
  });

  it("fails the deprecated spellings: empty lifecycle filter, DynamoDB locking, old aws pin in bootstrap", async () => {
    const filter = await treeWith("s3.tf", /filter \{\n {6}prefix = ""\n {4}\}/, "filter {}");
    expect(check("no-deprecations", filter)).toEqual([
      expect.stringMatching(/needs filter \{ prefix = "" \}/),
    ]);
    const lock = await treeWith(
      "envs/dev.s3.tfbackend",
      "use_lockfile = true",
      'dynamodb_table = "seeyoo-tfstate-lock-dev"',
    );
    expect(check("no-deprecations", lock)).toEqual([
      "terraform/envs/dev.s3.tfbackend: dynamodb_table is deprecated (Terraform >= 1.11); use use_lockfile = true",
      "terraform/envs/dev.s3.tfbackend: use_lockfile = true is required",
    ]);
    const pin = await treeWith("bootstrap/main.tf", 'version = "~> 5.81"', 'version = "~> 5.80"');
    expect(check("no-deprecations", pin)).toEqual([
      expect.stringMatching(/terraform\/bootstrap: aws "~> 5\.80" admits versions below 5\.81/),
    ]);
  });
});

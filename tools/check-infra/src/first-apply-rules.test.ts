import { describe, expect } from "vitest";
import { FIRST_APPLY_RULES } from "./first-apply-rules.ts";
import { testRuleSet } from "./terraform-tree.fixture.ts";

describe("first-apply rules (issue 14)", () => {
  testRuleSet(FIRST_APPLY_RULES, [
    {
      rule: "provider-arguments",
      fails: "an Upstash provider that dev configures with a null key",
      file: "providers.tf",
      from: / {2}email {3}= local\.managed_data[^\n]*\n {2}api_key = local\.managed_data[^\n]*/,
      to: "  email   = var.upstash_email\n  api_key = var.upstash_api_key",
      problems: [
        expect.stringMatching(/email = var\.upstash_email is empty in dev/),
        expect.stringMatching(/api_key = var\.upstash_api_key is empty in dev/),
      ],
    },
    {
      rule: "service-monitor-crds-first",
      fails: "a chart with ServiceMonitors that does not wait for the prometheus-operator CRDs",
      file: "k8s/deployments.tf",
      from: /\n {2}depends_on = \[helm_release\.prometheus_operator_crds\]\n\}\n\nresource "helm_release" "cert_manager"/,
      to: '\n}\n\nresource "helm_release" "cert_manager"',
      problems: [
        expect.stringMatching(
          /helm_release\.ingress_nginx must depend on helm_release\.prometheus_operator_crds/,
        ),
      ],
    },
    {
      rule: "service-monitor-crds-first",
      fails: "kube-prometheus-stack values that install the prometheus-operator CRDs a second time",
      file: "k8s/values/kube-prometheus-stack.yaml",
      from: "crds:\n  enabled: false\n",
      to: "",
      problems: [expect.stringMatching(/kube_prometheus_stack: its values must set crds\.enabled: false/)],
    },
    {
      rule: "ingress-record-never-empty",
      fails: "an ingress DNS record that may be created with empty content",
      file: "k8s/services.tf",
      from: "value       = data.kubernetes_service_v1.ingress_nginx.status[0].load_balancer[0].ingress[0].hostname",
      to: 'value = try(data.kubernetes_service_v1.ingress_nginx.status[0].load_balancer[0].ingress[0].hostname, "")',
      problems: [expect.stringMatching(/output ingress_hostname hides a missing load balancer/)],
    },
    {
      rule: "ingress-record-never-empty",
      fails: "an ingress hostname output without a postcondition",
      file: "k8s/services.tf",
      from: /\n {2}lifecycle \{\n {4}postcondition \{[\s\S]*?\n {4}\}\n {2}\}\n/,
      to: "\n",
      problems: [expect.stringMatching(/ingress_nginx needs a postcondition/)],
    },
    {
      rule: "cloudfront-keys-stable",
      fails: "a CloudFront key whose PEM is not normalised",
      file: "cloudfront.tf",
      from: /encoded_key = "\$\{trimspace[^\n]*/,
      to: "encoded_key = each.value",
      problems: [expect.stringMatching(/encoded_key must be "\$\{trimspace\(\.\.\.\)\}\\n"/)],
    },
    {
      rule: "cloudfront-keys-stable",
      fails: "CloudFront key names that CloudFront rejects",
      file: "variables.tf",
      from: "^[0-9A-Za-z_-]+$",
      to: "^.+$",
      problems: [expect.stringMatching(/must validate key names/)],
    },
    {
      rule: "default-storage-class",
      fails: "without a default gp3 StorageClass",
      file: "k8s/services.tf",
      from: '"storageclass.kubernetes.io/is-default-class" = "true"',
      to: '"x" = "y"',
      problems: [expect.stringMatching(/no default StorageClass/)],
    },
    {
      rule: "aurora-major-version",
      fails: "an Aurora cluster pinned to a minor version",
      file: "variables.tf",
      from: 'default     = "16"',
      to: 'default     = "16.6"',
      problems: [
        expect.stringMatching(/engine_version is "16\.6"; pin the major version only/),
        expect.stringMatching(/engine_version is "16\.6"/),
      ],
    },
    {
      rule: "explicit-cluster-access",
      fails: "cluster access that depends on the creator",
      file: "eks.tf",
      from: "enable_cluster_creator_admin_permissions = false",
      to: "enable_cluster_creator_admin_permissions = true",
      problems: [expect.stringMatching(/enable_cluster_creator_admin_permissions must be false/)],
    },
    {
      rule: "explicit-cluster-access",
      fails: "CI cluster access that is only AmazonEKSAdminPolicy",
      file: "eks.tf",
      from: "kubernetes_groups = [local.deployer_group]",
      to: 'policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"',
      problems: [expect.stringMatching(/github_deploy access entry must carry kubernetes_groups/)],
    },
    {
      rule: "node-group-autoscaler",
      fails: "a node group that may grow but has no autoscaler",
      file: "k8s/deployments.tf",
      from: 'chart      = "cluster-autoscaler"',
      to: 'chart      = "something-else"',
      problems: [expect.stringMatching(/node_group_size\.max > min in dev, prod but no Cluster Autoscaler/)],
    },
    {
      rule: "ingress-nginx-chart-keys",
      fails: "ingress-nginx values that are not chart keys (controller.podDisruptionBudget)",
      file: "k8s/values/ingress-nginx.yaml",
      from: "  minAvailable: 1\n",
      to: "  podDisruptionBudget:\n    enabled: true\n    maxUnavailable: 1\n",
      problems: [
        expect.stringMatching(/controller\.podDisruptionBudget is not a key .*use controller\.minAvailable/),
      ],
    },
    {
      rule: "cors-preflight",
      fails: "a signed behaviour that allows OPTIONS without answering preflights",
      file: "cloudfront.tf",
      from: /(ordered_cache_behavior \{\n {4}path_pattern {15}= "\*\.m3u8"[\s\S]*?)\n {4}function_association \{[\s\S]*?\n {4}\}\n/,
      to: "$1\n",
      problems: [
        expect.stringMatching(
          /ordered_cache_behavior "\*\.m3u8": signed and allows OPTIONS, but no viewer-request function/,
        ),
      ],
    },
    {
      rule: "cors-preflight",
      fails: "credentialed CORS",
      file: "cloudfront.tf",
      from: "access_control_allow_credentials = false",
      to: "access_control_allow_credentials = true",
      problems: [expect.stringMatching(/must not allow credentials/)],
    },
    {
      rule: "api-endpoint-restricted",
      fails: "an EKS API endpoint open to the internet",
      file: "envs/prod.tfvars",
      from: /cluster_endpoint_public_access_cidrs = \[[^\]]*\]/,
      to: 'cluster_endpoint_public_access_cidrs = ["0.0.0.0/0"]',
      problems: ["terraform/envs/prod.tfvars: the EKS API endpoint is open to the internet (a /0 CIDR)"],
    },
    {
      rule: "no-deprecations",
      fails: "the deprecated empty lifecycle filter",
      file: "s3.tf",
      from: /filter \{\n {6}prefix = ""\n {4}\}/,
      to: "filter {}",
      problems: [expect.stringMatching(/needs filter \{ prefix = "" \}/)],
    },
    {
      rule: "no-deprecations",
      fails: "the deprecated DynamoDB state locking",
      file: "envs/dev.s3.tfbackend",
      from: "use_lockfile = true",
      to: 'dynamodb_table = "seeyoo-tfstate-lock-dev"',
      problems: [
        "terraform/envs/dev.s3.tfbackend: dynamodb_table is deprecated (Terraform >= 1.11); use use_lockfile = true",
        "terraform/envs/dev.s3.tfbackend: use_lockfile = true is required",
      ],
    },
    {
      rule: "no-deprecations",
      fails: "an old aws pin in bootstrap (deprecated thumbprint_list)",
      file: "bootstrap/main.tf",
      from: 'version = "~> 5.81"',
      to: 'version = "~> 5.80"',
      problems: [expect.stringMatching(/terraform\/bootstrap: aws "~> 5\.80" admits versions below 5\.81/)],
    },
  ]);
});

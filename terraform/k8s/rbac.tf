# What the deploy workflow (.github/actions/deploy-environment) may do, and nothing more: apply the
# overlay and the migration Job into this one namespace, wait for them and read their logs. Bound
# to the Kubernetes group of its EKS access entry (terraform/eks.tf). `npm run check:infra`
# renders the overlays and fails if they contain a kind this Role does not allow to apply.
#
# Verify after an apply (docs/operations.md, "Cluster access"):
#   kubectl auth can-i create externalsecrets.external-secrets.io -n <namespace> --as ci --as-group <group>

locals {
  # Verbs `kubectl apply` (client-side, with last-applied annotation) and `kubectl delete` use.
  apply_verbs = ["get", "list", "watch", "create", "update", "patch", "delete"]
}

resource "kubernetes_role_v1" "deployer" {
  metadata {
    name      = "seeyoo-deployer"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }

  rule {
    api_groups = [""]
    resources  = ["configmaps", "services", "serviceaccounts"]
    verbs      = local.apply_verbs
  }
  # Rollout status, migration logs, the smoke test's diagnostics.
  rule {
    api_groups = [""]
    resources  = ["pods", "pods/log", "events"]
    verbs      = ["get", "list", "watch"]
  }
  rule {
    api_groups = ["apps"]
    resources  = ["deployments", "statefulsets", "replicasets"]
    verbs      = local.apply_verbs
  }
  rule {
    api_groups = ["batch"]
    resources  = ["jobs"]
    verbs      = local.apply_verbs
  }
  rule {
    api_groups = ["autoscaling"]
    resources  = ["horizontalpodautoscalers"]
    verbs      = local.apply_verbs
  }
  rule {
    api_groups = ["policy"]
    resources  = ["poddisruptionbudgets"]
    verbs      = local.apply_verbs
  }
  rule {
    api_groups = ["networking.k8s.io"]
    resources  = ["ingresses", "networkpolicies"]
    verbs      = local.apply_verbs
  }
  rule {
    api_groups = ["external-secrets.io"]
    resources  = ["externalsecrets"]
    verbs      = local.apply_verbs
  }
  rule {
    api_groups = ["monitoring.coreos.com"]
    resources  = ["servicemonitors", "prometheusrules"]
    verbs      = local.apply_verbs
  }
}

resource "kubernetes_role_binding_v1" "deployer" {
  metadata {
    name      = "seeyoo-deployer"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = kubernetes_role_v1.deployer.metadata[0].name
  }

  subject {
    kind      = "Group"
    name      = var.deployer_group
    api_group = "rbac.authorization.k8s.io"
  }
}

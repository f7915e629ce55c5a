# Helm releases of the cluster add-ons. Versions are pinned (var.chart_versions); values live in
# values/ next to this file so a reviewer reads YAML, not HCL.
#
# Order on a new cluster (one apply): the prometheus-operator CRDs first, because ingress-nginx,
# cert-manager and External Secrets ship ServiceMonitors ("no matches for kind ServiceMonitor"
# otherwise; External Secrets would even skip its monitors silently, its chart checks
# .Capabilities). kube-prometheus-stack comes last and does not install the CRDs itself.

resource "helm_release" "prometheus_operator_crds" {
  name       = "prometheus-operator-crds"
  namespace  = kubernetes_namespace_v1.addons["monitoring"].metadata[0].name
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "prometheus-operator-crds"
  version    = var.chart_versions["prometheus_operator_crds"]
}

resource "helm_release" "ingress_nginx" {
  name       = "ingress-nginx"
  namespace  = kubernetes_namespace_v1.addons["ingress-nginx"].metadata[0].name
  repository = "https://kubernetes.github.io/ingress-nginx"
  chart      = "ingress-nginx"
  version    = var.chart_versions["ingress_nginx"]
  values     = [file("${path.module}/values/ingress-nginx.yaml")]
  # Helm waits (the default) until the LoadBalancer Service has its NLB hostname.
  wait = true

  depends_on = [helm_release.prometheus_operator_crds]
}

resource "helm_release" "cert_manager" {
  name       = "cert-manager"
  namespace  = kubernetes_namespace_v1.addons["cert-manager"].metadata[0].name
  repository = "https://charts.jetstack.io"
  chart      = "cert-manager"
  version    = var.chart_versions["cert_manager"]
  values     = [file("${path.module}/values/cert-manager.yaml")]

  depends_on = [helm_release.prometheus_operator_crds]
}

resource "helm_release" "external_secrets" {
  name       = "external-secrets"
  namespace  = kubernetes_namespace_v1.addons["external-secrets"].metadata[0].name
  repository = "https://charts.external-secrets.io"
  chart      = "external-secrets"
  version    = var.chart_versions["external_secrets"]
  values = [templatefile("${path.module}/values/external-secrets.yaml.tftpl", {
    role_arn = var.external_secrets_role_arn
  })]

  depends_on = [helm_release.prometheus_operator_crds]
}

# ClusterIssuer, ClusterSecretStore and the ExternalSecrets of the add-ons (Grafana admin,
# cert-manager's Cloudflare DNS token): custom resources whose CRDs only exist after the charts
# above, so they ship as a tiny local chart that Helm applies after them (kubernetes_manifest
# would need the CRDs at plan time).
resource "helm_release" "cluster_config" {
  name      = "seeyoo-cluster-config"
  namespace = kubernetes_namespace_v1.addons["external-secrets"].metadata[0].name
  chart     = "${path.module}/charts/cluster-config"
  values = [yamlencode({
    acmeEmail     = var.acme_email
    region        = var.region
    secretsPrefix = var.secrets_prefix
  })]

  depends_on = [helm_release.cert_manager, helm_release.external_secrets, kubernetes_namespace_v1.addons]
}

resource "helm_release" "kube_prometheus_stack" {
  name       = "kube-prometheus-stack"
  namespace  = kubernetes_namespace_v1.addons["monitoring"].metadata[0].name
  repository = "https://prometheus-community.github.io/helm-charts"
  chart      = "kube-prometheus-stack"
  version    = var.chart_versions["kube_prometheus_stack"]
  values     = [file("${path.module}/values/kube-prometheus-stack.yaml")]
  # The Grafana admin Secret comes from the ExternalSecret in cluster_config; Prometheus' volume
  # needs the default StorageClass; the CRDs come from their own release.
  depends_on = [
    helm_release.cluster_config,
    helm_release.prometheus_operator_crds,
    kubernetes_storage_class_v1.gp3,
  ]
}

resource "helm_release" "fluent_bit" {
  name       = "fluent-bit"
  namespace  = kubernetes_namespace_v1.addons["logging"].metadata[0].name
  repository = "https://fluent.github.io/helm-charts"
  chart      = "fluent-bit"
  version    = var.chart_versions["fluent_bit"]
  values = [templatefile("${path.module}/values/fluent-bit.yaml.tftpl", {
    role_arn     = var.fluent_bit_role_arn
    region       = var.region
    log_group    = var.log_group_name
    cluster_name = var.cluster_name
  })]
}

# Resizes the managed node group between its min and max when pods are Pending for lack of room
# (and back down when nodes are idle). Finds the group through the tags EKS puts on its Auto
# Scaling group (k8s.io/cluster-autoscaler/enabled, k8s.io/cluster-autoscaler/<cluster>).
resource "helm_release" "cluster_autoscaler" {
  name       = "cluster-autoscaler"
  namespace  = "kube-system"
  repository = "https://kubernetes.github.io/autoscaler"
  chart      = "cluster-autoscaler"
  version    = var.chart_versions["cluster_autoscaler"]
  values = [templatefile("${path.module}/values/cluster-autoscaler.yaml.tftpl", {
    role_arn     = var.cluster_autoscaler_role_arn
    region       = var.region
    cluster_name = var.cluster_name
    image_tag    = var.cluster_autoscaler_image_tag
  })]

  depends_on = [helm_release.prometheus_operator_crds]
}

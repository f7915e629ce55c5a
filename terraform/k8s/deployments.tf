# Helm releases of the cluster add-ons. Versions are pinned (var.chart_versions); values live in
# values/ next to this file so a reviewer reads YAML, not HCL.

resource "helm_release" "ingress_nginx" {
  name       = "ingress-nginx"
  namespace  = kubernetes_namespace_v1.addons["ingress-nginx"].metadata[0].name
  repository = "https://kubernetes.github.io/ingress-nginx"
  chart      = "ingress-nginx"
  version    = var.chart_versions["ingress_nginx"]
  values     = [file("${path.module}/values/ingress-nginx.yaml")]
}

resource "helm_release" "cert_manager" {
  name       = "cert-manager"
  namespace  = kubernetes_namespace_v1.addons["cert-manager"].metadata[0].name
  repository = "https://charts.jetstack.io"
  chart      = "cert-manager"
  version    = var.chart_versions["cert_manager"]
  values     = [file("${path.module}/values/cert-manager.yaml")]
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
}

# ClusterIssuer, ClusterSecretStore and the Grafana admin ExternalSecret: custom resources whose
# CRDs only exist after the charts above, so they ship as a tiny local chart that Helm applies
# after them (kubernetes_manifest would need the CRDs at plan time).
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
  # The Grafana admin Secret comes from the ExternalSecret in cluster_config.
  depends_on = [helm_release.cluster_config]
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

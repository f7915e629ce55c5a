# Namespaces. The application namespace is created here (with labels the NetworkPolicies and
# Pod Security rely on) and filled by CI with `kubectl apply -k k8s/overlays/<namespace>`.

resource "kubernetes_namespace_v1" "app" {
  metadata {
    name = var.namespace
    labels = {
      "app.kubernetes.io/part-of" = "seeyoo"
      # Every SEEYOO pod already meets the restricted profile (check:infra enforces it).
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}

# Created here rather than by Helm so their names are fixed: the NetworkPolicies in k8s/ allow
# traffic from `ingress-nginx` and `monitoring` by the kubernetes.io/metadata.name label.
resource "kubernetes_namespace_v1" "addons" {
  for_each = toset(["ingress-nginx", "cert-manager", "external-secrets", "monitoring", "logging"])

  metadata {
    name = each.key
  }
}

# The NLB that ingress-nginx's Service gets; Cloudflare DNS points the ingress hostnames at it.
data "kubernetes_service_v1" "ingress_nginx" {
  metadata {
    name      = "ingress-nginx-controller"
    namespace = "ingress-nginx"
  }

  depends_on = [helm_release.ingress_nginx]
}

output "ingress_hostname" {
  description = "DNS name of the ingress-nginx load balancer."
  value       = try(data.kubernetes_service_v1.ingress_nginx.status[0].load_balancer[0].ingress[0].hostname, "")
}

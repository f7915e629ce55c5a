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

# Default StorageClass. EKS >= 1.30 no longer marks gp2 as default, so without this the PVCs of
# Prometheus and of the dev Postgres/Redis StatefulSets would stay Pending. gp3 through the EBS CSI
# driver (an EKS add-on, terraform/eks.tf), encrypted, bound where the pod is scheduled.
resource "kubernetes_storage_class_v1" "gp3" {
  metadata {
    name = "gp3"
    annotations = {
      "storageclass.kubernetes.io/is-default-class" = "true"
    }
  }

  storage_provisioner    = "ebs.csi.aws.com"
  reclaim_policy         = "Delete"
  volume_binding_mode    = "WaitForFirstConsumer"
  allow_volume_expansion = true

  parameters = {
    type      = "gp3"
    encrypted = "true"
  }
}

# The CA that signed Cloudflare's origin-pull client certificate (terraform/cloudflare.tf). Every
# Ingress of the application names it in nginx.ingress.kubernetes.io/auth-tls-secret, so only
# requests that came through Cloudflare for this zone reach the origin, wsproxy or the dev bridges.
# It is a public certificate; a Secret only because ingress-nginx reads CAs from Secrets.
resource "kubernetes_secret_v1" "origin_pull_ca" {
  metadata {
    name      = "cloudflare-origin-pull-ca"
    namespace = kubernetes_namespace_v1.app.metadata[0].name
    labels = {
      "app.kubernetes.io/part-of" = "seeyoo"
    }
  }

  data = {
    "ca.crt" = var.origin_pull_ca_pem
  }
}

# The NLB that ingress-nginx's Service gets; Cloudflare DNS points the ingress hostnames at it.
# Helm waits for the Service's load balancer, and the postcondition turns a missing hostname into a
# clear error instead of a DNS record with empty content.
data "kubernetes_service_v1" "ingress_nginx" {
  metadata {
    name      = "ingress-nginx-controller"
    namespace = "ingress-nginx"
  }

  depends_on = [helm_release.ingress_nginx]

  lifecycle {
    postcondition {
      condition     = length(try(self.status[0].load_balancer[0].ingress[0].hostname, "")) > 0
      error_message = "The ingress-nginx Service has no load balancer hostname yet. Check `kubectl -n ingress-nginx describe service ingress-nginx-controller` (events from the AWS cloud controller), then apply again."
    }
  }
}

output "ingress_hostname" {
  description = "DNS name of the ingress-nginx load balancer (never empty: see the postcondition above)."
  value       = data.kubernetes_service_v1.ingress_nginx.status[0].load_balancer[0].ingress[0].hostname
}

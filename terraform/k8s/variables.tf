variable "environment" {
  description = "dev or prod."
  type        = string
}

variable "namespace" {
  description = "Namespace of the application (live-tv-dev / live-tv-prod); k8s/overlays apply into it."
  type        = string
}

variable "region" {
  description = "AWS region (Secrets Manager, CloudWatch Logs)."
  type        = string
}

variable "cluster_name" {
  description = "EKS cluster name, used as the log stream prefix."
  type        = string
}

variable "acme_email" {
  description = "Let's Encrypt account email."
  type        = string
}

variable "chart_versions" {
  description = "Pinned chart versions: ingress_nginx, cert_manager, external_secrets, kube_prometheus_stack, prometheus_operator_crds, fluent_bit, cluster_autoscaler."
  type        = map(string)
}

variable "external_secrets_role_arn" {
  description = "IRSA role of the External Secrets controller."
  type        = string
}

variable "fluent_bit_role_arn" {
  description = "IRSA role of Fluent Bit (CloudWatch Logs writer)."
  type        = string
}

variable "log_group_name" {
  description = "CloudWatch Logs group for container stdout."
  type        = string
}

variable "secrets_prefix" {
  description = "Secrets Manager path prefix of this environment, e.g. seeyoo/prod."
  type        = string
}

variable "cluster_autoscaler_role_arn" {
  description = "IRSA role of the Cluster Autoscaler (may resize this cluster's node groups)."
  type        = string
}

variable "cluster_autoscaler_image_tag" {
  description = "Cluster Autoscaler image tag (minor version = the cluster's Kubernetes minor)."
  type        = string
}

variable "deployer_group" {
  description = "Kubernetes group of the deploy workflow's EKS access entry; rbac.tf binds it to the deployer Role in the application namespace."
  type        = string
}

variable "origin_pull_ca_pem" {
  description = "PEM of the CA that signed Cloudflare's origin-pull client certificate; ingress-nginx verifies clients against it."
  type        = string
}

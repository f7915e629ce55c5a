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
  description = "Pinned chart versions: ingress_nginx, cert_manager, external_secrets, kube_prometheus_stack, fluent_bit."
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

variable "project" {
  description = "Name prefix of every resource."
  type        = string
  default     = "seeyoo"
}

variable "environment" {
  description = "dev or prod. Must equal the selected terraform workspace."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "region" {
  description = "AWS region of the VPC, EKS, Aurora and the HLS bucket."
  type        = string
  default     = "eu-central-1"
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflows may deploy (OIDC trust)."
  type        = string
}

variable "github_deploy_environment" {
  description = "GitHub Actions environment whose jobs may assume the deploy role (development / production-rollout)."
  type        = string
}

# ---- network and cluster ----------------------------------------------------------------------

variable "vpc_cidr" {
  description = "VPC CIDR. k8s/base/policies/network-policies.yaml allows Postgres egress to this range."
  type        = string
  default     = "10.0.0.0/16"
}

variable "cluster_name" {
  description = "EKS cluster name."
  type        = string
}

variable "kubernetes_version" {
  description = "EKS control plane version (preStop sleep hooks need >= 1.30)."
  type        = string
  default     = "1.33"
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "CIDRs that may reach the public EKS API endpoint (CI runners, operators' VPN)."
  type        = list(string)
}

variable "node_instance_types" {
  description = "Instance types of the managed node group (x86_64: the origin image is built for amd64)."
  type        = list(string)
  default     = ["m6i.large"]
}

variable "node_group_size" {
  description = "min/desired/max nodes of the managed node group."
  type = object({
    min     = number
    desired = number
    max     = number
  })
}

variable "chart_versions" {
  description = "Pinned Helm chart versions of the cluster add-ons (terraform/k8s)."
  type        = map(string)
  default = {
    ingress_nginx         = "4.12.1"
    cert_manager          = "v1.17.2"
    external_secrets      = "0.18.2"
    kube_prometheus_stack = "72.9.1"
    fluent_bit            = "0.49.1"
  }
}

variable "wsproxy_image" {
  description = "Pinned image of Neon's wsproxy (tag other than latest, or @sha256 digest). Published to SSM for the deploy workflow."
  type        = string

  validation {
    condition     = can(regex("^ghcr\\.io/neondatabase/wsproxy(@sha256:[0-9a-f]{64}|:[A-Za-z0-9._-]+)$", var.wsproxy_image)) && !endswith(var.wsproxy_image, ":latest")
    error_message = "wsproxy_image must be ghcr.io/neondatabase/wsproxy pinned by a digest or a tag other than latest."
  }
}

variable "acme_email" {
  description = "Contact address for Let's Encrypt (cert-manager ClusterIssuer)."
  type        = string
}

# ---- data ---------------------------------------------------------------------------------------

variable "use_managed_datastores" {
  description = "true: Aurora + Upstash (prod). false: the dev overlay's in-cluster Postgres and Redis."
  type        = bool
}

variable "db_credentials_secret_name" {
  description = "Secrets Manager secret holding {\"username\": ..., \"password\": ...} for the database (created by an operator, docs/operations.md)."
  type        = string
}

variable "db_name" {
  description = "Database created in Aurora / the dev Postgres."
  type        = string
  default     = "seeyoo"
}

variable "aurora_engine_version" {
  description = "Aurora PostgreSQL 16 minor version."
  type        = string
  default     = "16.6"
}

variable "aurora_instance_class" {
  description = "Instance class of the two Aurora instances (writer + reader in another AZ)."
  type        = string
  default     = "db.r6g.large"
}

variable "upstash_email" {
  description = "Upstash account email (provider login)."
  type        = string
  default     = ""
}

variable "upstash_api_key" {
  description = "Upstash management API key. Pass as TF_VAR_upstash_api_key; never in a file."
  type        = string
  sensitive   = true
  default     = null
}

variable "upstash_primary_region" {
  description = "Primary region of the global Upstash database (next to the origin)."
  type        = string
  default     = "eu-central-1"
}

variable "upstash_read_regions" {
  description = "Read replicas of the global Upstash database, near the edge's busiest colos."
  type        = list(string)
  default     = ["us-east-1", "ap-southeast-1"]
}

# ---- CDN and edge -------------------------------------------------------------------------------

variable "cloudflare_account_id" {
  description = "Cloudflare account of the Worker."
  type        = string
}

variable "cloudflare_zone_id" {
  description = "Cloudflare zone holding the API, origin and CDN hostnames."
  type        = string
}

variable "worker_script_name" {
  description = "Name of the edge Worker script (wrangler.toml: seeyoo-edge-dev / seeyoo-edge)."
  type        = string
}

variable "api_domain" {
  description = "Public API hostname answered by the Worker, e.g. api.seeyoo.tv."
  type        = string
}

variable "origin_domain" {
  description = "Hostname of the origin's ingress (k8s/overlays/*: Ingress origin), e.g. origin.seeyoo.tv."
  type        = string
}

variable "db_proxy_domain" {
  description = "Hostname of the wsproxy ingress used by the Worker's database driver."
  type        = string
}

variable "redis_rest_domain" {
  description = "dev only: hostname of the Upstash REST bridge ingress the dev Worker uses (k8s/overlays/live-tv-dev)."
  type        = string
  default     = ""
}

variable "cdn_domain" {
  description = "HLS CDN hostname served by CloudFront, e.g. cdn.seeyoo.tv."
  type        = string
}

variable "player_origins" {
  description = "Web origins allowed by CORS on the CDN (the web player)."
  type        = list(string)
}

variable "cloudfront_public_keys" {
  description = "Playback signing public keys (PEM) by id, e.g. { \"2025-06\" = \"-----BEGIN PUBLIC KEY-----...\" }. Up to 5: rotation adds one before removing one."
  type        = map(string)

  validation {
    condition     = length(var.cloudfront_public_keys) >= 1 && length(var.cloudfront_public_keys) <= 5
    error_message = "A CloudFront key group holds 1 to 5 public keys."
  }
}

variable "cloudfront_price_class" {
  description = "CloudFront price class (edge locations used)."
  type        = string
  default     = "PriceClass_All"
}

variable "log_retention_days" {
  description = "Retention of container logs in CloudWatch Logs."
  type        = number
  default     = 30
}

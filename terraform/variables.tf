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
  description = "CIDRs that may reach the public EKS API endpoint: the deploy runners' fixed egress ranges and the operators' VPN (docs/operations.md, \"Cluster access\"). Never 0.0.0.0/0."
  type        = list(string)

  validation {
    condition     = length(var.cluster_endpoint_public_access_cidrs) >= 1 && length(var.cluster_endpoint_public_access_cidrs) <= 40
    error_message = "List 1 to 40 CIDRs (EKS accepts at most 40 public access CIDRs)."
  }
  validation {
    condition     = alltrue([for cidr in var.cluster_endpoint_public_access_cidrs : can(cidrhost(cidr, 0)) && !endswith(cidr, "/0")])
    error_message = "Every entry must be a CIDR narrower than /0: the API endpoint is not open to the internet."
  }
}

variable "cluster_admin_role_arns" {
  description = "IAM roles that get cluster-admin through an EKS access entry. Terraform must run as one of them (a precondition checks it), so the cluster never depends on who happened to create it."
  type        = list(string)

  validation {
    condition     = length(var.cluster_admin_role_arns) >= 1 && alltrue([for arn in var.cluster_admin_role_arns : can(regex("^arn:aws:iam::[0-9]{12}:role/.+$", arn))])
    error_message = "List at least one IAM role ARN (arn:aws:iam::<account>:role/<name>); assumed-role session ARNs are not accepted."
  }
}

variable "node_instance_types" {
  description = "Instance types of the managed node group (x86_64: the origin image is built for amd64)."
  type        = list(string)
  default     = ["m6i.large"]
}

variable "node_group_size" {
  description = "min/desired/max nodes of the managed node group. The Cluster Autoscaler moves the size between min and max; desired only matters at creation (the EKS module ignores later changes to it, docs/operations.md \"Node capacity\")."
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
    # The CRDs of kube-prometheus-stack's operator (72.x ships prometheus-operator v0.82), installed
    # first so every chart's ServiceMonitor exists after one apply. Bump both together.
    prometheus_operator_crds = "20.0.1"
    fluent_bit               = "0.49.1"
    cluster_autoscaler       = "9.47.0"
  }
}

variable "cluster_autoscaler_image_tag" {
  description = "Cluster Autoscaler image tag; its minor version must equal kubernetes_version's."
  type        = string
  default     = "v1.33.0"
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

variable "aurora_engine_major_version" {
  description = "Aurora PostgreSQL major version. Only the major is pinned: AWS applies minor upgrades (auto_minor_version_upgrade), and a pinned minor would make the next plan try to downgrade. The running version is the output aurora_engine_version_actual."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^[0-9]+$", var.aurora_engine_major_version))
    error_message = "Give the major version only, e.g. \"16\"."
  }
}

variable "aurora_ca_cert_identifier" {
  description = "The RDS certificate authority that signs the Aurora instances' server certificates. The Worker verifies the database's TLS certificate against database_ca_certs_pem, so the two must match."
  type        = string
  default     = "rds-ca-rsa2048-g1"
}

variable "database_ca_certs_pem" {
  description = "PEM of the RDS CA certificate(s) of this region for aurora_ca_cert_identifier (from https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem, only the certificates of that CA: a Worker variable holds at most 5 KB). The Worker speaks TLS to Aurora inside the wsproxy tunnel (rds.force_ssl) and refuses to start without it. Not needed in dev (no Aurora)."
  type        = string
  default     = ""

  validation {
    condition     = var.database_ca_certs_pem == "" || (strcontains(var.database_ca_certs_pem, "-----BEGIN CERTIFICATE-----") && length(var.database_ca_certs_pem) <= 5120)
    error_message = "Give PEM certificates (-----BEGIN CERTIFICATE-----), at most 5 KB in all (the Workers limit of one variable)."
  }
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
  description = "Read replicas of the global Upstash cache database, near the edge's busiest colos."
  type        = list(string)
  default     = ["us-east-1", "ap-southeast-1"]
}

variable "upstash_state_read_regions" {
  description = "Read replicas of the Upstash state database (stream sessions, rate limits). Empty by default: replicas lag, and the stream limit must read its own writes."
  type        = list(string)
  default     = []
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
  description = "dev only: hostname of the Upstash REST bridge ingress the dev Worker uses for the cache Redis (k8s/overlays/live-tv-dev)."
  type        = string
  default     = ""
}

variable "redis_state_rest_domain" {
  description = "dev only: hostname of the Upstash REST bridge ingress the dev Worker uses for the state Redis (stream sessions, rate limits)."
  type        = string
  default     = ""
}

variable "cdn_domain" {
  description = "HLS CDN hostname served by CloudFront, e.g. cdn.seeyoo.tv."
  type        = string
}

variable "player_origins" {
  description = "Web origins allowed by CORS on the CDN (the web player). Exact origins only: the CDN never reflects an arbitrary Origin."
  type        = list(string)

  validation {
    condition     = length(var.player_origins) >= 1 && alltrue([for origin in var.player_origins : can(regex("^https?://[a-z0-9.-]+(:[0-9]+)?$", origin))])
    error_message = "Each player origin is scheme://host[:port] without a path or wildcard."
  }
}

variable "cloudfront_public_keys" {
  description = "Playback signing public keys (PEM) by name, e.g. { \"2025-06\" = \"-----BEGIN PUBLIC KEY-----...\" }. Up to 5: rotation adds one before removing one (docs/operations.md)."
  type        = map(string)

  validation {
    condition     = length(var.cloudfront_public_keys) >= 1 && length(var.cloudfront_public_keys) <= 5
    error_message = "A CloudFront key group holds 1 to 5 public keys."
  }
  # The name becomes part of the CloudFront key name, which allows only these characters.
  validation {
    condition     = alltrue([for name in keys(var.cloudfront_public_keys) : can(regex("^[0-9A-Za-z_-]+$", name))])
    error_message = "Key names may contain only letters, digits, - and _."
  }
  validation {
    condition     = alltrue([for pem in values(var.cloudfront_public_keys) : startswith(trimspace(pem), "-----BEGIN PUBLIC KEY-----") && endswith(trimspace(pem), "-----END PUBLIC KEY-----")])
    error_message = "Each value is one PEM public key (openssl rsa -pubout), never a private key."
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

# ---- live packaging (MediaPackage v2) ---------------------------------------------------------

variable "mediapackage_channels" {
  description = "Live channels packaged by MediaPackage v2, by slug (the channel's slug in the catalogue). Each gets a channel and an HLS origin endpoint behind CloudFront at /out/v1/<group>/<slug>/hls/master.m3u8 (docs/operations.md, \"Restart and catch-up\")."
  type = map(object({
    # How far back restart/catch-up may reach (start=/end= query). MediaPackage keeps up to 14 days.
    startover_window_hours = number
    # Length of the live (non-time-shifted) playlist: the player's DVR window.
    dvr_window_seconds = optional(number, 7200)
    # Segment length of the packaged output (a multiple of the encoder's segment length).
    segment_duration_seconds = optional(number, 6)
    description              = optional(string, "")
  }))
  default = {}

  validation {
    condition     = alltrue([for slug in keys(var.mediapackage_channels) : can(regex("^[a-z0-9][a-z0-9-]{0,62}$", slug))])
    error_message = "Channel slugs are lower-case letters, digits and - (they become MediaPackage names and URL path segments)."
  }
  validation {
    condition     = alltrue([for channel in values(var.mediapackage_channels) : channel.startover_window_hours >= 1 && channel.startover_window_hours <= 336 && floor(channel.startover_window_hours) == channel.startover_window_hours])
    error_message = "startover_window_hours is a whole number from 1 to 336 (MediaPackage's 14-day maximum)."
  }
  validation {
    condition     = alltrue([for channel in values(var.mediapackage_channels) : channel.dvr_window_seconds >= 30 && channel.dvr_window_seconds <= channel.startover_window_hours * 3600])
    error_message = "dvr_window_seconds must be at least 30 and no longer than the startover window."
  }
}

# terraform plan -var-file=envs/prod.tfvars -var-file=envs/prod.keys.tfvars (workspace: prod)
# Secrets are not here: TF_VAR_upstash_api_key and CLOUDFLARE_API_TOKEN come from the environment.
environment               = "prod"
region                    = "eu-central-1"
cluster_name              = "seeyoo-prod"
github_repository         = "seeyoo/seeyoo"
github_deploy_environment = "production-rollout"

# The deploy runners' fixed egress ranges and the operators' VPN; never 0.0.0.0/0 (the variable's
# validation refuses it). docs/operations.md, "Cluster access".
cluster_endpoint_public_access_cidrs = ["REPLACE_WITH_DEPLOY_RUNNER_CIDR", "REPLACE_WITH_OPERATOR_VPN_CIDR"]
# The role(s) terraform runs as; each gets cluster-admin through an access entry.
cluster_admin_role_arns = ["REPLACE_WITH_TERRAFORM_OPERATOR_ROLE_ARN"]
node_instance_types     = ["m6i.large"]
node_group_size         = { min = 3, desired = 3, max = 9 }

use_managed_datastores     = true
db_credentials_secret_name = "seeyoo/prod/db-credentials"
aurora_instance_class      = "db.r6g.large"
upstash_email              = "platform@seeyoo.tv"

acme_email         = "platform@seeyoo.tv"
api_domain         = "api.seeyoo.tv"
origin_domain      = "origin.seeyoo.tv"
db_proxy_domain    = "wsproxy.seeyoo.tv"
cdn_domain         = "cdn.seeyoo.tv"
player_origins     = ["https://seeyoo.tv", "https://www.seeyoo.tv"]
worker_script_name = "seeyoo-edge"

# Account/zone ids are identifiers, not secrets.
cloudflare_account_id = "REPLACE_WITH_CLOUDFLARE_ACCOUNT_ID"
cloudflare_zone_id    = "REPLACE_WITH_CLOUDFLARE_ZONE_ID"

# Pin to a digest before the first apply (validation rejects :latest):
#   docker buildx imagetools inspect ghcr.io/neondatabase/wsproxy:latest
wsproxy_image = "ghcr.io/neondatabase/wsproxy@sha256:REPLACE_WITH_DIGEST"

# cloudfront_public_keys lives in envs/prod.keys.tfvars (public PEMs, committed when created).

# Live channels packaged by MediaPackage v2 (restart / catch-up). The startover window is billed
# as stored content per channel: docs/operations.md, "What a startover window costs".
mediapackage_channels = {
  "seeyoo-one"   = { startover_window_hours = 72, description = "SEEYOO One" }
  "seeyoo-news"  = { startover_window_hours = 24, description = "SEEYOO News" }
  "seeyoo-sport" = { startover_window_hours = 24, description = "SEEYOO Sport" }
}

# terraform plan -var-file=envs/dev.tfvars -var-file=envs/dev.keys.tfvars (workspace: dev)
environment               = "dev"
region                    = "eu-central-1"
cluster_name              = "seeyoo-dev"
github_repository         = "seeyoo/seeyoo"
github_deploy_environment = "development"

# The deploy runners' fixed egress ranges and the operators' VPN; never 0.0.0.0/0 (the variable's
# validation refuses it). docs/operations.md, "Cluster access".
cluster_endpoint_public_access_cidrs = ["REPLACE_WITH_DEPLOY_RUNNER_CIDR", "REPLACE_WITH_OPERATOR_VPN_CIDR"]
# The role(s) terraform runs as; each gets cluster-admin through an access entry.
cluster_admin_role_arns = ["REPLACE_WITH_TERRAFORM_OPERATOR_ROLE_ARN"]
node_instance_types     = ["t3.large"]
node_group_size         = { min = 1, desired = 2, max = 3 }

# In-cluster Postgres + Redis (k8s/overlays/live-tv-dev) instead of Aurora + Upstash.
use_managed_datastores     = false
db_credentials_secret_name = "seeyoo/dev/db-credentials"

acme_email              = "platform@seeyoo.tv"
api_domain              = "api-dev.seeyoo.tv"
origin_domain           = "origin-dev.seeyoo.tv"
db_proxy_domain         = "wsproxy-dev.seeyoo.tv"
redis_rest_domain       = "redis-rest-dev.seeyoo.tv"
redis_state_rest_domain = "redis-state-rest-dev.seeyoo.tv"
cdn_domain              = "cdn-dev.seeyoo.tv"
player_origins          = ["https://dev.seeyoo.tv", "https://player-dev.seeyoo.tv", "http://localhost:5173"]
worker_script_name      = "seeyoo-edge-dev"
cloudfront_price_class  = "PriceClass_100"

cloudflare_account_id = "REPLACE_WITH_CLOUDFLARE_ACCOUNT_ID"
cloudflare_zone_id    = "REPLACE_WITH_CLOUDFLARE_ZONE_ID"

wsproxy_image = "ghcr.io/neondatabase/wsproxy@sha256:REPLACE_WITH_DIGEST"

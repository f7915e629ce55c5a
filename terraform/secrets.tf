# Connection settings that only exist after apply, handed to the workloads through Secrets
# Manager (External Secrets in the cluster, secret bindings on the Worker). The JWT signing keys
# and the cert-manager DNS token are NOT generated here: an operator writes them
# (docs/operations.md), so they never enter the terraform state.

resource "random_password" "upstash_bridge_token" {
  count = local.managed_data ? 0 : 1

  length  = 48
  special = false
}

# Password of the least-privilege role the Worker logs in as. The role itself (`seeyoo_edge`,
# no password, only the grants the Worker needs) comes from a migration; the origin's migrate
# step sets this password on it (EDGE_DB_PASSWORD).
resource "random_password" "edge_db" {
  length  = 40
  special = false
}

# Shared by the Worker and the origin: the origin believes the viewer address the Worker forwards
# on /v1/auth/* only when this secret comes with it (a Worker's own subrequests carry a Cloudflare
# address in CF-Connecting-IP, so the per-IP sign-in limits need the viewer's from the edge).
resource "random_password" "edge_origin_secret" {
  length  = 48
  special = false
}

locals {
  edge_db_role = "seeyoo_edge"
  db_host      = local.managed_data ? aws_rds_cluster.main[0].endpoint : "postgres.${local.namespace}.svc.cluster.local"
  # Aurora enforces TLS (rds.force_ssl); the dev Postgres in the cluster has no certificate.
  db_sslmode = local.managed_data ? "require" : "disable"

  # The origin (and its migration Job) own the schema: they log in as the master user.
  database_url = format(
    "postgres://%s:%s@%s:5432/%s?sslmode=%s",
    urlencode(local.db_credentials.username),
    urlencode(local.db_credentials.password),
    local.db_host,
    var.db_name,
    local.db_sslmode,
  )
  # The Worker logs in as seeyoo_edge: it may read channels, programmes and the user columns it
  # needs, and read/write favourites, nothing else (a stolen Worker secret cannot read password
  # hashes or refresh tokens).
  edge_database_url = format(
    "postgres://%s:%s@%s:5432/%s?sslmode=%s",
    local.edge_db_role,
    random_password.edge_db.result,
    local.db_host,
    var.db_name,
    local.db_sslmode,
  )

  # The origin reaches the dev bridges inside the cluster; the dev Worker through their ingresses.
  bridge_base_url = "http://upstash-bridge.${local.namespace}.svc.cluster.local"

  redis_rest_url        = local.managed_data ? "https://${upstash_redis_database.cache[0].endpoint}" : "${local.bridge_base_url}:8079"
  worker_redis_rest_url = local.managed_data ? local.redis_rest_url : "https://${var.redis_rest_domain}"
  redis_rest_token      = local.managed_data ? upstash_redis_database.cache[0].rest_token : random_password.upstash_bridge_token[0].result

  state_rest_url        = local.managed_data ? "https://${upstash_redis_database.state[0].endpoint}" : "${local.bridge_base_url}:8080"
  worker_state_rest_url = local.managed_data ? local.state_rest_url : "https://${var.redis_state_rest_domain}"
  state_rest_token      = local.managed_data ? upstash_redis_database.state[0].rest_token : random_password.upstash_bridge_token[0].result
}

resource "aws_secretsmanager_secret" "origin" {
  name                    = "${var.project}/${var.environment}/origin"
  description             = "Origin environment: DATABASE_URL, EDGE_DB_PASSWORD, EDGE_ORIGIN_SECRET, Upstash cache and state REST settings (k8s ExternalSecret origin-secrets copies every key)."
  recovery_window_in_days = 7
}

# Every key becomes an environment variable of the origin and the migration Job (dataFrom.extract
# in k8s/base/origin/external-secret.yaml), so the names are the origin's variable names.
resource "aws_secretsmanager_secret_version" "origin" {
  secret_id = aws_secretsmanager_secret.origin.id
  secret_string = jsonencode({
    DATABASE_URL             = local.database_url
    EDGE_DB_PASSWORD         = random_password.edge_db.result
    EDGE_ORIGIN_SECRET       = random_password.edge_origin_secret.result
    UPSTASH_REDIS_REST_URL   = local.redis_rest_url
    UPSTASH_REDIS_REST_TOKEN = local.redis_rest_token
    UPSTASH_STATE_REST_URL   = local.state_rest_url
    UPSTASH_STATE_REST_TOKEN = local.state_rest_token
  })
}

resource "aws_secretsmanager_secret" "jwt_private_keys" {
  name                    = "${var.project}/${var.environment}/jwt-private-keys"
  description             = "JSON array of private EC P-256 JWKs with kid; the first signs. Written by an operator."
  recovery_window_in_days = 30
}

# A Cloudflare API token limited to Zone:DNS:Edit on this zone, written by an operator. cert-manager
# proves domain ownership through DNS-01 with it: the ingress hostnames are proxied by Cloudflare
# and accept only Cloudflare's client certificate, so an HTTP-01 challenge could not reach them.
resource "aws_secretsmanager_secret" "cloudflare_dns_token" {
  name                    = "${var.project}/${var.environment}/cloudflare-dns-token"
  description             = "Cloudflare API token (Zone:DNS:Edit, this zone only) for cert-manager's DNS-01 solver. Written by an operator."
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret" "grafana_admin" {
  name                    = "${var.project}/${var.environment}/grafana-admin"
  description             = "Grafana admin login (admin-user, admin-password) for kube-prometheus-stack."
  recovery_window_in_days = 7
}

resource "random_password" "grafana_admin" {
  length  = 32
  special = false
}

resource "aws_secretsmanager_secret_version" "grafana_admin" {
  secret_id = aws_secretsmanager_secret.grafana_admin.id
  secret_string = jsonencode({
    "admin-user"     = "admin"
    "admin-password" = random_password.grafana_admin.result
  })
}

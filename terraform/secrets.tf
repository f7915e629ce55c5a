# Connection settings that only exist after apply, handed to the workloads through Secrets
# Manager (External Secrets in the cluster, secret bindings on the Worker). The JWT signing keys
# are NOT generated here: an operator writes them (docs/operations.md, "Rotate JWT keys"), so they
# never enter the terraform state.

resource "random_password" "upstash_bridge_token" {
  count = local.managed_data ? 0 : 1

  length  = 48
  special = false
}

locals {
  db_host = local.managed_data ? aws_rds_cluster.main[0].endpoint : "postgres.${local.namespace}.svc.cluster.local"
  database_url = format(
    "postgres://%s:%s@%s:5432/%s?sslmode=%s",
    urlencode(local.db_credentials.username),
    urlencode(local.db_credentials.password),
    local.db_host,
    var.db_name,
    local.managed_data ? "require" : "disable",
  )
  # The origin reaches the dev bridge inside the cluster; the dev Worker through its ingress.
  redis_rest_url        = local.managed_data ? "https://${upstash_redis_database.cache[0].endpoint}" : "http://upstash-bridge.${local.namespace}.svc.cluster.local:8079"
  worker_redis_rest_url = local.managed_data ? local.redis_rest_url : "https://${var.redis_rest_domain}"
  redis_rest_token      = local.managed_data ? upstash_redis_database.cache[0].rest_token : random_password.upstash_bridge_token[0].result
}

resource "aws_secretsmanager_secret" "origin" {
  name                    = "${var.project}/${var.environment}/origin"
  description             = "Origin DATABASE_URL and Upstash REST settings (k8s ExternalSecret origin-secrets)."
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "origin" {
  secret_id = aws_secretsmanager_secret.origin.id
  secret_string = jsonencode({
    DATABASE_URL             = local.database_url
    UPSTASH_REDIS_REST_URL   = local.redis_rest_url
    UPSTASH_REDIS_REST_TOKEN = local.redis_rest_token
  })
}

resource "aws_secretsmanager_secret" "jwt_private_keys" {
  name                    = "${var.project}/${var.environment}/jwt-private-keys"
  description             = "JSON array of private EC P-256 JWKs with kid; the first signs. Written by an operator."
  recovery_window_in_days = 30
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

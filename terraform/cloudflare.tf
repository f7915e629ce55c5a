# The edge Worker's Cloudflare side. Terraform owns the script's existence, its routes, its
# secrets and the DNS records; `wrangler deploy` (CI) owns the code and plain vars. Wrangler keeps
# secrets it did not set, and `ignore_changes = all` keeps terraform from undoing a deploy.
#
# Secrets set here: DATABASE_URL (the least-privilege seeyoo_edge role through wsproxy, never the
# master user), UPSTASH_REDIS_REST_URL/TOKEN (cache) and UPSTASH_STATE_REST_URL/TOKEN (stream
# sessions and rate limits, a database that never evicts) and EDGE_ORIGIN_SECRET (authenticates
# the viewer address the Worker forwards to the origin) and DATABASE_CA_CERTS (the RDS CA the
# Worker verifies Aurora's certificate against, inside the tunnel). The CloudFront
# signing private key is set with `wrangler secret put CLOUDFRONT_PRIVATE_KEY` by an operator so
# it never enters the terraform state (docs/operations.md).

resource "cloudflare_workers_script" "edge" {
  account_id         = var.cloudflare_account_id
  name               = var.worker_script_name
  content            = file("${path.module}/worker-placeholder.js")
  module             = true
  compatibility_date = "2025-06-01"

  lifecycle {
    ignore_changes = all
  }
}

locals {
  worker_secrets = {
    DATABASE_URL             = local.edge_database_url
    UPSTASH_REDIS_REST_URL   = local.worker_redis_rest_url
    UPSTASH_REDIS_REST_TOKEN = local.redis_rest_token
    UPSTASH_STATE_REST_URL   = local.worker_state_rest_url
    UPSTASH_STATE_REST_TOKEN = local.state_rest_token
    EDGE_ORIGIN_SECRET       = random_password.edge_origin_secret.result
    DATABASE_CA_CERTS        = var.database_ca_certs_pem
  }
}

resource "cloudflare_workers_secret" "edge" {
  # Keys listed literally: for_each may not iterate over a map that carries sensitive values.
  # DATABASE_CA_CERTS only where there is one (dev has no Aurora and speaks plain inside the cluster).
  for_each = toset(concat([
    "DATABASE_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN",
    "UPSTASH_STATE_REST_URL", "UPSTASH_STATE_REST_TOKEN", "EDGE_ORIGIN_SECRET",
  ], var.database_ca_certs_pem == "" ? [] : ["DATABASE_CA_CERTS"]))

  account_id  = var.cloudflare_account_id
  script_name = cloudflare_workers_script.edge.name
  name        = each.key
  secret_text = local.worker_secrets[each.key]

  lifecycle {
    # With Aurora the Worker's DATABASE_URL says sslmode=require: without the CA it refuses to start.
    precondition {
      condition     = !local.managed_data || var.database_ca_certs_pem != ""
      error_message = "Set database_ca_certs_pem (the RDS CA of aurora_ca_cert_identifier for this region): the Worker verifies Aurora's TLS certificate against it."
    }
  }
}

# Everything under the API hostname is answered by the Worker.
resource "cloudflare_workers_route" "api" {
  zone_id     = var.cloudflare_zone_id
  pattern     = "${var.api_domain}/*"
  script_name = cloudflare_workers_script.edge.name
}

# Originless hostname: a proxied placeholder record so the route has something to match; the
# Worker never fetches it.
resource "cloudflare_record" "api" {
  zone_id = var.cloudflare_zone_id
  name    = var.api_domain
  type    = "AAAA"
  content = "100::"
  proxied = true
  comment = "Answered by the ${var.worker_script_name} Worker"
}

# Ingress hostnames point at the NLB of ingress-nginx and are proxied: viewers' auth calls (via
# the Worker), providers' ingest posts, admins and the Worker's WebSocket to wsproxy all arrive
# through Cloudflare, and the ingress accepts only connections that present Cloudflare's client
# certificate for this zone (authenticated origin pulls, below). The NLB's own name is never
# published. `ingress_hostname` is guaranteed non-empty by a postcondition in terraform/k8s.
resource "cloudflare_record" "ingress" {
  for_each = toset(compact([var.origin_domain, var.db_proxy_domain, var.redis_rest_domain, var.redis_state_rest_domain]))

  zone_id = var.cloudflare_zone_id
  name    = each.key
  type    = "CNAME"
  content = module.cluster_addons.ingress_hostname
  proxied = true
  ttl     = 1
  comment = "ingress-nginx of ${var.cluster_name}; origin accepts only Cloudflare (AOP)"
}

# ---- authenticated origin pulls (zone-level, our own certificate) ----------------------------
# Cloudflare presents this client certificate on every proxied request to the origin; ingress-nginx
# verifies it against the CA below (k8s Secret cloudflare-origin-pull-ca, auth-tls-* annotations on
# every Ingress). Our own CA rather than Cloudflare's shared one: the shared certificate is the
# same for every Cloudflare customer, so anyone could point a proxied record of their own at our
# load balancer and pass. The private keys live only in the (encrypted) terraform state.

resource "tls_private_key" "origin_pull_ca" {
  algorithm = "RSA"
  rsa_bits  = 2048
}

resource "tls_self_signed_cert" "origin_pull_ca" {
  private_key_pem       = tls_private_key.origin_pull_ca.private_key_pem
  is_ca_certificate     = true
  validity_period_hours = 24 * 365 * 5
  early_renewal_hours   = 24 * 90
  allowed_uses          = ["cert_signing", "crl_signing"]

  subject {
    common_name  = "${local.name} Cloudflare origin-pull CA"
    organization = "SEEYOO"
  }
}

resource "tls_private_key" "origin_pull_client" {
  algorithm = "RSA"
  rsa_bits  = 2048
}

resource "tls_cert_request" "origin_pull_client" {
  private_key_pem = tls_private_key.origin_pull_client.private_key_pem

  subject {
    common_name  = "${local.name} Cloudflare origin pull"
    organization = "SEEYOO"
  }
}

resource "tls_locally_signed_cert" "origin_pull_client" {
  cert_request_pem      = tls_cert_request.origin_pull_client.cert_request_pem
  ca_private_key_pem    = tls_private_key.origin_pull_ca.private_key_pem
  ca_cert_pem           = tls_self_signed_cert.origin_pull_ca.cert_pem
  validity_period_hours = 24 * 365 * 2
  early_renewal_hours   = 24 * 60
  allowed_uses          = ["digital_signature", "key_encipherment", "client_auth"]
}

resource "cloudflare_authenticated_origin_pulls_certificate" "zone" {
  zone_id     = var.cloudflare_zone_id
  type        = "per-zone"
  certificate = tls_locally_signed_cert.origin_pull_client.cert_pem
  private_key = tls_private_key.origin_pull_client.private_key_pem

  # A renewed client certificate is uploaded before the old one is removed; the CA the ingress
  # trusts stays the same, so no request is refused during the switch.
  lifecycle {
    create_before_destroy = true
  }
}

resource "cloudflare_authenticated_origin_pulls" "zone" {
  zone_id                                = var.cloudflare_zone_id
  authenticated_origin_pulls_certificate = cloudflare_authenticated_origin_pulls_certificate.zone.id
  enabled                                = true
}

resource "cloudflare_record" "cdn" {
  zone_id = var.cloudflare_zone_id
  name    = var.cdn_domain
  type    = "CNAME"
  content = aws_cloudfront_distribution.hls.domain_name
  proxied = false
  ttl     = 300
}

resource "cloudflare_record" "cdn_validation" {
  for_each = {
    for option in aws_acm_certificate.cdn.domain_validation_options : option.domain_name => option
  }

  zone_id = var.cloudflare_zone_id
  name    = each.value.resource_record_name
  type    = each.value.resource_record_type
  content = trimsuffix(each.value.resource_record_value, ".")
  proxied = false
  ttl     = 60
}

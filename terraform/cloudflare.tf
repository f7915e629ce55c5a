# The edge Worker's Cloudflare side. Terraform owns the script's existence, its routes, its
# secrets and the DNS records; `wrangler deploy` (CI) owns the code and plain vars. Wrangler keeps
# secrets it did not set, and `ignore_changes = all` keeps terraform from undoing a deploy.
#
# Secrets set here: DATABASE_URL (through wsproxy), UPSTASH_REDIS_REST_URL/TOKEN. The CloudFront
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
    DATABASE_URL             = local.database_url
    UPSTASH_REDIS_REST_URL   = local.worker_redis_rest_url
    UPSTASH_REDIS_REST_TOKEN = local.redis_rest_token
  }
}

resource "cloudflare_workers_secret" "edge" {
  # Keys listed literally: for_each may not iterate over a map that carries sensitive values.
  for_each = toset(["DATABASE_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"])

  account_id  = var.cloudflare_account_id
  script_name = cloudflare_workers_script.edge.name
  name        = each.key
  secret_text = local.worker_secrets[each.key]
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

# Ingress hostnames point at the NLB of ingress-nginx. Not proxied: cert-manager's HTTP-01
# challenge and the Worker's WebSocket to wsproxy go straight to the load balancer.
resource "cloudflare_record" "ingress" {
  for_each = toset(compact([var.origin_domain, var.db_proxy_domain, var.redis_rest_domain]))

  zone_id = var.cloudflare_zone_id
  name    = each.key
  type    = "CNAME"
  content = module.cluster_addons.ingress_hostname
  proxied = false
  ttl     = 300
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

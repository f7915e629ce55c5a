# Upstash Redis (prod), two databases with different eviction rules. dev uses two in-cluster
# Redis instances behind the Upstash REST bridge instead (k8s/overlays/live-tv-dev).
#
#   cache: the edge's shared cache tier and the cache versions. Entries are versioned and
#          re-derivable, so evicting under memory pressure beats failing writes.
#   state: stream sessions and rate-limit counters. Evicting one would silently let a viewer
#          exceed the stream limit or reset a login throttle, so this database never evicts (a
#          full database fails writes loudly instead, and the Worker answers 503).

resource "upstash_redis_database" "cache" {
  count = local.managed_data ? 1 : 0

  database_name  = local.name
  region         = "global"
  primary_region = var.upstash_primary_region
  read_regions   = var.upstash_read_regions
  tls            = true
  eviction       = true
}

resource "upstash_redis_database" "state" {
  count = local.managed_data ? 1 : 0

  database_name  = "${local.name}-state"
  region         = "global"
  primary_region = var.upstash_primary_region
  # No read replicas by default: the stream limit reads what it just wrote, and a replica that is
  # a few hundred milliseconds behind would let a third stream start (docs/operations.md).
  read_regions = var.upstash_state_read_regions
  tls          = true
  eviction     = false
}

# The provider itself accepts placeholders (providers.tf); prod must never plan with them.
resource "terraform_data" "upstash_credentials" {
  count = local.managed_data ? 1 : 0

  input = var.upstash_email

  lifecycle {
    precondition {
      condition     = var.upstash_api_key != null && var.upstash_api_key != "" && var.upstash_email != ""
      error_message = "use_managed_datastores = true needs the Upstash login: set upstash_email in the tfvars and export TF_VAR_upstash_api_key."
    }
  }
}

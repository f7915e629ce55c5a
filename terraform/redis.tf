# Upstash Redis (prod): the edge's shared cache tier and rate-limit store, global with read
# replicas so a Worker in any colo reads from a nearby region. dev uses the in-cluster Redis plus
# the Upstash REST bridge instead (k8s/overlays/live-tv-dev).
resource "upstash_redis_database" "cache" {
  count = local.managed_data ? 1 : 0

  database_name  = local.name
  region         = "global"
  primary_region = var.upstash_primary_region
  read_regions   = var.upstash_read_regions
  tls            = true
  # Cache entries are versioned and re-derivable; evicting beats failing writes when full.
  eviction = true
}

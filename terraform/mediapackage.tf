# Live channels with restart and catch-up: AWS Elemental MediaPackage v2 packages each channel's
# encoder feed into HLS and keeps a startover window (up to 14 days) from which it serves
# time-shifted manifests for `start=` (restart, grows to the live edge) and `start=&end=` (catch-up,
# ends with #EXT-X-ENDLIST); a `start` outside the window answers 404. CloudFront serves it under
# /out/v1/* (cloudfront.tf) with the same playback signatures and CORS as everything else.
#
# URL mapping (docs/operations.md, "Restart and catch-up"): a channel's hlsPath in the catalogue is
#   /out/v1/<channel group>/<slug>/hls          (output mediapackage_hls_paths)
# so the edge's ${CDN_BASE_URL}${hlsPath}/master.m3u8?start=...&end=... reaches
#   https://<egress domain>/out/v1/<group>/<slug>/hls/master.m3u8?start=...&end=...
#
# Only the Cloud Control provider (awscc) has MediaPackage v2 channels and origin endpoints; the
# aws provider 5.x has the channel group alone, so all four resource types come from awscc.

locals {
  mediapackage_enabled       = length(var.mediapackage_channels) > 0
  mediapackage_group_name    = "${local.name}-live"
  mediapackage_endpoint_name = "hls"
  mediapackage_manifest_name = "master"
}

resource "awscc_mediapackagev2_channel_group" "live" {
  count = local.mediapackage_enabled ? 1 : 0

  channel_group_name = local.mediapackage_group_name
  description        = "SEEYOO live channels (${var.environment})"
}

# One channel per slug; the encoder (e.g. MediaLive) pushes HLS to its two ingest endpoints
# (output mediapackage_ingest_endpoints), authenticated with SigV4 by its own IAM role.
resource "awscc_mediapackagev2_channel" "live" {
  for_each = var.mediapackage_channels

  channel_group_name = awscc_mediapackagev2_channel_group.live[0].channel_group_name
  channel_name       = each.key
  input_type         = "HLS"
  description        = each.value.description != "" ? each.value.description : null
}

resource "awscc_mediapackagev2_origin_endpoint" "hls" {
  for_each = var.mediapackage_channels

  channel_group_name   = awscc_mediapackagev2_channel_group.live[0].channel_group_name
  channel_name         = awscc_mediapackagev2_channel.live[each.key].channel_name
  origin_endpoint_name = local.mediapackage_endpoint_name
  description          = "HLS with a ${each.value.startover_window_hours} h startover window"
  container_type       = "TS"

  # How far back start= may reach. Storage of the window is billed by MediaPackage
  # (docs/operations.md, "What a startover window costs").
  startover_window_seconds = each.value.startover_window_hours * 3600

  segment = {
    segment_duration_seconds = each.value.segment_duration_seconds
    segment_name             = "segment"
  }

  hls_manifests = [{
    manifest_name       = local.mediapackage_manifest_name
    child_manifest_name = "index"
    # The live playlist's DVR window; players seek by wall clock through PROGRAM-DATE-TIME.
    manifest_window_seconds            = each.value.dvr_window_seconds
    program_date_time_interval_seconds = each.value.segment_duration_seconds
  }]
}

# Only this environment's CloudFront distribution may read the endpoints (origin access control
# signs its requests); nobody can bypass the playback signatures by asking MediaPackage directly.
resource "awscc_mediapackagev2_origin_endpoint_policy" "cloudfront" {
  for_each = var.mediapackage_channels

  channel_group_name   = awscc_mediapackagev2_channel_group.live[0].channel_group_name
  channel_name         = awscc_mediapackagev2_channel.live[each.key].channel_name
  origin_endpoint_name = awscc_mediapackagev2_origin_endpoint.hls[each.key].origin_endpoint_name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowCloudFrontOnly"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = ["mediapackagev2:GetObject", "mediapackagev2:GetHeadObject"]
      Resource  = awscc_mediapackagev2_origin_endpoint.hls[each.key].arn
      Condition = {
        StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.hls.arn }
      }
    }]
  })
}

resource "aws_cloudfront_origin_access_control" "mediapackage" {
  count = local.mediapackage_enabled ? 1 : 0

  name                              = "${local.name}-mediapackage"
  description                       = "CloudFront -> MediaPackage v2 origin endpoints"
  origin_access_control_origin_type = "mediapackagev2"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# Manifests and segments of MediaPackage. Only start and end enter the cache key (and reach
# MediaPackage): every other query parameter, the playback signature included, is dropped, so all
# viewers of one window share one cache entry. TTLs follow MediaPackage's Cache-Control (short
# for live manifests, long for segments and finished catch-up manifests).
resource "aws_cloudfront_cache_policy" "mediapackage" {
  count = local.mediapackage_enabled ? 1 : 0

  name        = "${local.name}-mediapackage"
  comment     = "MediaPackage v2: start/end in the cache key, origin Cache-Control"
  min_ttl     = 0
  default_ttl = 2
  max_ttl     = 86400

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "whitelist"
      query_strings {
        items = ["start", "end"]
      }
    }
  }
}

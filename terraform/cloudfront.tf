# HLS delivery: CloudFront in front of the private bucket (test and VOD content) and of
# MediaPackage v2 (live channels with restart/catch-up, mediapackage.tf). Every request must carry
# a policy signed by the edge Worker with a key of the trusted key group (signed cookies or query
# string), except CORS preflights, which the hls_viewer_request function answers.

resource "aws_cloudfront_origin_access_control" "hls" {
  name                              = "${local.name}-hls"
  description                       = "CloudFront -> private HLS bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# One public key per name; the Worker holds the matching private key (Worker secret, set with
# `wrangler secret put`, never in terraform). Rotation: docs/operations.md.
resource "aws_cloudfront_public_key" "playback" {
  for_each = var.cloudfront_public_keys

  name    = "${local.name}-playback-${each.key}"
  comment = "SEEYOO playback signing key ${each.key}"
  # CloudFront stores the PEM with exactly one trailing newline. Any other spelling (none, two,
  # CRLF) differs from what it returns, and encoded_key forces replacement: every apply would
  # create a new key with a new id, and the Worker's CLOUDFRONT_KEY_PAIR_ID would stop matching.
  encoded_key = "${trimspace(replace(each.value, "\r\n", "\n"))}\n"
}

resource "aws_cloudfront_key_group" "playback" {
  name    = "${local.name}-playback"
  comment = "Keys the edge Worker signs playback URLs/cookies with"
  items   = [for key in aws_cloudfront_public_key.playback : key.id]
}

# Live playlists change every segment: 2 s keeps the player near the live edge while still
# collapsing all viewers of a channel into one origin fetch per 2 s per edge location.
resource "aws_cloudfront_cache_policy" "playlists" {
  name        = "${local.name}-hls-playlists"
  comment     = "*.m3u8: ~2 s"
  min_ttl     = 1
  default_ttl = 2
  max_ttl     = 2

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    # The signature (query string or cookies) is checked by CloudFront itself and must not split
    # the cache per viewer.
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# Segments are immutable once written (new name per segment): cache for a day at the edge.
resource "aws_cloudfront_cache_policy" "segments" {
  name        = "${local.name}-hls-segments"
  comment     = "segments: immutable, long"
  min_ttl     = 60
  default_ttl = 86400
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = false
    enable_accept_encoding_brotli = false

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# CORS for the web player (hls.js fetches with XHR/fetch from the player's origin) on every GET
# and HEAD response, whatever the origin (S3 or MediaPackage) sends: a fixed list of origins,
# never credentials (the player signs in the query string, no cookies cross-site). Preflights
# never reach this policy: the hls_viewer_request function answers them first. S3 therefore needs no
# CORS configuration of its own.
resource "aws_cloudfront_response_headers_policy" "player_cors" {
  name    = "${local.name}-player-cors"
  comment = "CORS for the SEEYOO web player"

  cors_config {
    access_control_allow_credentials = false
    origin_override                  = true
    access_control_max_age_sec       = 600

    access_control_allow_origins {
      items = var.player_origins
    }
    access_control_allow_methods {
      items = ["GET", "HEAD", "OPTIONS"]
    }
    access_control_allow_headers {
      items = ["Range", "Content-Type"]
    }
    access_control_expose_headers {
      items = ["Content-Length", "Content-Range"]
    }
  }
}

# Answers CORS preflights at the edge (a preflight carries no playback signature, so the trusted
# key group would refuse it). Same origin list as the response-headers policy.
resource "aws_cloudfront_function" "hls_viewer_request" {
  name    = "${local.name}-hls-viewer-request"
  runtime = "cloudfront-js-2.0"
  comment = "CORS preflights (204 for the web player, 403 otherwise); 400 for time-shift queries beyond one start and one end"
  publish = true
  code = replace(
    file("${path.module}/cloudfront-functions/hls-viewer-request.js"),
    "[\"__ALLOWED_ORIGINS__\"]",
    jsonencode(var.player_origins),
  )
}

resource "aws_acm_certificate" "cdn" {
  provider = aws.us_east_1

  domain_name       = var.cdn_domain
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate_validation" "cdn" {
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.cdn.arn
  validation_record_fqdns = [for record in cloudflare_record.cdn_validation : record.hostname]
}

resource "aws_cloudfront_distribution" "hls" {
  enabled         = true
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.cloudfront_price_class
  comment         = "${local.name} HLS"
  aliases         = [var.cdn_domain]

  origin {
    origin_id                = "hls-s3"
    domain_name              = aws_s3_bucket.hls.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.hls.id

    # All edge locations fill from one regional shield next to the bucket: S3 sees about one
    # request per object per TTL instead of one per edge location (docs/capacity.md).
    origin_shield {
      enabled              = true
      origin_shield_region = var.region
    }
  }

  # MediaPackage v2 live channels (mediapackage.tf): the channel group's egress domain, read with
  # CloudFront's origin access control (sigv4), which the endpoint policies require.
  dynamic "origin" {
    for_each = local.mediapackage_enabled ? [1] : []

    content {
      origin_id                = "mediapackage"
      domain_name              = awscc_mediapackagev2_channel_group.live[0].egress_domain
      origin_access_control_id = aws_cloudfront_origin_access_control.mediapackage[0].id

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
      }

      origin_shield {
        enabled              = true
        origin_shield_region = var.region
      }
    }
  }

  # Segments (everything that is not a playlist).
  default_cache_behavior {
    target_origin_id           = "hls-s3"
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = false
    cache_policy_id            = aws_cloudfront_cache_policy.segments.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.player_cors.id
    trusted_key_groups         = [aws_cloudfront_key_group.playback.id]

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.hls_viewer_request.arn
    }
  }

  # MediaPackage paths first (CloudFront takes the first matching pattern): manifests and segments
  # of /out/v1/<group>/<channel>/<endpoint>/..., signed like everything else, with start/end in the
  # cache key so each time-shifted window is its own cache entry (and nothing else is).
  dynamic "ordered_cache_behavior" {
    for_each = local.mediapackage_enabled ? [1] : []

    content {
      path_pattern               = "/out/v1/*"
      target_origin_id           = "mediapackage"
      viewer_protocol_policy     = "https-only"
      allowed_methods            = ["GET", "HEAD", "OPTIONS"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = aws_cloudfront_cache_policy.mediapackage[0].id
      response_headers_policy_id = aws_cloudfront_response_headers_policy.player_cors.id
      trusted_key_groups         = [aws_cloudfront_key_group.playback.id]

      function_association {
        event_type   = "viewer-request"
        function_arn = aws_cloudfront_function.hls_viewer_request.arn
      }
    }
  }

  ordered_cache_behavior {
    path_pattern               = "*.m3u8"
    target_origin_id           = "hls-s3"
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.playlists.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.player_cors.id
    trusted_key_groups         = [aws_cloudfront_key_group.playback.id]

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.hls_viewer_request.arn
    }
  }

  # Geo rules are per channel and enforced by the Worker before it signs, not here.
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate_validation.cdn.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# HLS playlists and segments. Private: only CloudFront (origin access control) reads it.
resource "aws_s3_bucket" "hls" {
  bucket = "${local.name}-hls-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket_public_access_block" "hls" {
  bucket = aws_s3_bucket.hls.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "hls" {
  bucket = aws_s3_bucket.hls.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "hls" {
  bucket = aws_s3_bucket.hls.id

  versioning_configuration {
    status = "Enabled"
  }
}

# SSE-S3 rather than KMS: CloudFront's OAC reads it without a KMS key policy, and the content is
# public once signed anyway; encryption at rest is still on for every object.
resource "aws_s3_bucket_server_side_encryption_configuration" "hls" {
  bucket = aws_s3_bucket.hls.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# A live playlist is rewritten every segment (2 s): without this, versioning would keep every
# old copy forever.
resource "aws_s3_bucket_lifecycle_configuration" "hls" {
  bucket = aws_s3_bucket.hls.id

  rule {
    id     = "expire-noncurrent"
    status = "Enabled"

    # The whole bucket. `filter {}` (empty) warns since aws 5.90 and will become an error.
    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_policy" "hls" {
  bucket = aws_s3_bucket.hls.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudFrontReadOnly"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.hls.arn}/*"
        Condition = {
          StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.hls.arn }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.hls.arn, "${aws_s3_bucket.hls.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.hls]
}

# One-time, account-wide resources, applied by an administrator with local state before the main
# configuration can run (docs/operations.md, "Remote state"):
#   - per environment: the S3 state bucket (state locking is a lock file in the same bucket,
#     `use_lockfile = true` in envs/<env>.s3.tfbackend; no DynamoDB table),
#   - the GitHub OIDC identity provider (one per account),
#   - the ECR repository of the origin image and the role CI pushes it with.

terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.81+: aws_iam_openid_connect_provider.thumbprint_list is optional (AWS verifies GitHub's
      # OIDC certificate itself); below 5.81 the provider below fails validation.
      version = "~> 5.81"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  description = "Region of the state buckets and ECR."
  type        = string
  default     = "eu-central-1"
}

variable "project" {
  description = "Name prefix."
  type        = string
  default     = "seeyoo"
}

variable "environments" {
  description = "Environments that get their own state bucket."
  type        = set(string)
  default     = ["dev", "prod"]
}

variable "github_repository" {
  description = "owner/name of the repository allowed to push images."
  type        = string
}

resource "aws_s3_bucket" "state" {
  for_each = var.environments

  bucket = "${var.project}-tfstate-${each.key}"

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "state" {
  for_each = var.environments

  bucket = aws_s3_bucket.state[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  for_each = var.environments

  bucket = aws_s3_bucket.state[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  for_each = var.environments

  bucket                  = aws_s3_bucket.state[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_ecr_repository" "origin" {
  name                 = "${var.project}/origin"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "origin" {
  repository = aws_ecr_repository.origin.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 200 images (rollback window)"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 200
      }
      action = { type = "expire" }
    }]
  })
}

# Pushes images from the main branch only; it cannot deploy anything.
resource "aws_iam_role" "github_ecr_push" {
  name = "${var.project}-github-ecr-push"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:ref:refs/heads/main"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "github_ecr_push" {
  name = "push-origin"
  role = aws_iam_role.github_ecr_push.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
          "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
        ]
        Resource = aws_ecr_repository.origin.arn
      },
    ]
  })
}

output "ecr_repository_url" {
  value = aws_ecr_repository.origin.repository_url
}

output "github_ecr_push_role_arn" {
  description = "Set as the AWS_ECR_PUSH_ROLE_ARN repository variable."
  value       = aws_iam_role.github_ecr_push.arn
}

output "state_buckets" {
  value = { for env, bucket in aws_s3_bucket.state : env => bucket.bucket }
}

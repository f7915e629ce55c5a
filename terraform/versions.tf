terraform {
  # 1.11+: the S3 backend locks with a lock file next to the state (`use_lockfile`, no DynamoDB
  # table); stays on the 1.x line the modules support.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      # 5.90+: lifecycle rules written as `filter { prefix = "" }` (the empty `filter {}` warns).
      version = "~> 5.90"
    }
    # MediaPackage v2 channels and origin endpoints exist only in the Cloud Control provider (the
    # aws provider 5.x has the channel group alone), so all MediaPackage resources use awscc.
    awscc = {
      source  = "hashicorp/awscc"
      version = "~> 1.0"
    }
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.52"
    }
    upstash = {
      source  = "upstash/upstash"
      version = ">= 1.4.0, < 2.0.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.35"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
    # The client certificate Cloudflare presents to the origin (authenticated origin pulls).
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.0"
    }
  }

  # Partial configuration: bucket, key, locking and region come from
  # envs/<env>.s3.tfbackend (`terraform init -backend-config=envs/prod.s3.tfbackend`), so dev and
  # prod state never share a bucket. See docs/operations.md, "Remote state".
  backend "s3" {}
}

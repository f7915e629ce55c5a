terraform {
  # 1.6+: `terraform_data`, S3 backend with assume-role; stays on the 1.x line the modules support.
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
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
  }

  # Partial configuration: bucket, key, lock table and region come from
  # envs/<env>.s3.tfbackend (`terraform init -backend-config=envs/prod.s3.tfbackend`), so dev and
  # prod state never share a bucket. See docs/operations.md, "Remote state".
  backend "s3" {}
}

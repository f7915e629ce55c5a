provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# CloudFront only accepts ACM certificates from us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}

# Credentials: CLOUDFLARE_API_TOKEN in the environment (never in a file).
provider "cloudflare" {}

# Terraform configures every provider even when none of its resources is created, and the Upstash
# provider requires both arguments. dev has no Upstash databases (count = 0), so it gets inert
# placeholders and needs no key; prod must pass the real ones (terraform_data.upstash_credentials
# in redis.tf refuses to plan without them). The provider makes no API call until a resource needs
# one.
provider "upstash" {
  email   = local.managed_data ? var.upstash_email : "unused-in-${var.environment}@invalid"
  api_key = local.managed_data ? var.upstash_api_key : "unused-in-${var.environment}"
}

# MediaPackage v2 (mediapackage.tf) lives in the Cloud Control provider.
provider "awscc" {
  region = var.region
}

# The cluster is created in this same configuration, so the Kubernetes providers authenticate with
# a short-lived token from the AWS CLI at apply time instead of a stored kubeconfig.
provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--region", var.region]
  }
}

provider "helm" {
  kubernetes {
    host                   = module.eks.cluster_endpoint
    cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)

    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--region", var.region]
    }
  }
}

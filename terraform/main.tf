# Names and switches shared by every file of this configuration.

locals {
  name      = "${var.project}-${var.environment}"
  namespace = "live-tv-${var.environment}"
  # dev runs Postgres and Redis inside the cluster (k8s/overlays/live-tv-dev); prod uses Aurora and
  # Upstash. One switch so the two can never be half-enabled.
  managed_data = var.use_managed_datastores

  tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
    Repository  = var.github_repository
  }
}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

# dev and prod state live in different backends AND different workspaces; refuse to plan when the
# selected workspace does not match the tfvars in use (e.g. prod.tfvars against the dev workspace).
resource "terraform_data" "environment_guard" {
  input = var.environment

  lifecycle {
    precondition {
      condition     = terraform.workspace == var.environment
      error_message = "Workspace '${terraform.workspace}' does not match var.environment '${var.environment}'. Run `terraform workspace select ${var.environment}`."
    }
  }
}

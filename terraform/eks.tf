module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.37"

  cluster_name    = var.cluster_name
  cluster_version = var.kubernetes_version

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  # The deploy runners and operators reach the API over the public endpoint, restricted to their
  # fixed egress ranges (never 0.0.0.0/0, the variable's validation refuses it) and authenticated
  # by IAM; nodes use the private endpoint. docs/operations.md, "Cluster access".
  cluster_endpoint_public_access       = true
  cluster_endpoint_private_access      = true
  cluster_endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs

  # IRSA: External Secrets, Fluent Bit and the EBS CSI driver get IAM roles, not node credentials.
  enable_irsa = true

  # Who may use the cluster is declared below, not inherited from whoever ran the first apply:
  # otherwise CI and every other operator get Unauthorized on the next plan.
  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = false

  cluster_addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
      # Enforces the NetworkPolicies of k8s/ (default deny + explicit allows).
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
    # PersistentVolumes for the dev Postgres/Redis StatefulSets and Prometheus.
    aws-ebs-csi-driver = {
      service_account_role_arn = module.ebs_csi_irsa.iam_role_arn
    }
  }

  eks_managed_node_groups = {
    default = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.node_instance_types
      min_size       = var.node_group_size.min
      desired_size   = var.node_group_size.desired
      max_size       = var.node_group_size.max
      # Spread over the three private subnets (one per AZ) like the pods' topology constraints.
      subnet_ids = module.vpc.private_subnets
    }
  }

  access_entries = merge(
    # Terraform's operator role(s): cluster-admin, so plans and the Helm releases keep working.
    { for index, arn in var.cluster_admin_role_arns : "cluster_admin_${index}" => {
      principal_arn = arn
      policy_associations = {
        cluster_admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    } },
    {
      # The deploy workflow: no EKS access policy (AmazonEKSAdminPolicy's fixed rules do not
      # cover ExternalSecret, ServiceMonitor or PrometheusRule), but a Kubernetes group that an
      # RBAC Role in its one namespace grants exactly what `kubectl apply -k` of the overlays
      # needs (terraform/k8s/rbac.tf; check:infra compares the Role with the rendered overlays).
      github_deploy = {
        principal_arn     = aws_iam_role.github_deploy.arn
        kubernetes_groups = [local.deployer_group]
      }
    },
  )
}

locals {
  # Kubernetes group of the deploy workflow (bound to the Role in terraform/k8s/rbac.tf).
  deployer_group = "seeyoo-deployers"
}

# Refuse to create a cluster that the identity running terraform could not manage afterwards.
data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}

resource "terraform_data" "cluster_admin_guard" {
  input = var.cluster_admin_role_arns

  lifecycle {
    precondition {
      condition     = contains(var.cluster_admin_role_arns, data.aws_iam_session_context.current.issuer_arn)
      error_message = "Terraform runs as ${data.aws_iam_session_context.current.issuer_arn}, which is not in cluster_admin_role_arns: it would lose access to the cluster it manages. Assume one of those roles (docs/operations.md, \"Cluster access\")."
    }
  }
}

module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.60"

  role_name             = "${local.name}-ebs-csi"
  attach_ebs_csi_policy = true

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}

module "external_secrets_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.60"

  role_name                      = "${local.name}-external-secrets"
  attach_external_secrets_policy = true
  # Only this environment's secrets: a dev cluster cannot read prod credentials.
  external_secrets_secrets_manager_arns = [
    "arn:aws:secretsmanager:${var.region}:${data.aws_caller_identity.current.account_id}:secret:${var.project}/${var.environment}/*",
  ]
  external_secrets_ssm_parameter_arns = []

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["external-secrets:external-secrets"]
    }
  }
}

module "fluent_bit_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.60"

  role_name = "${local.name}-fluent-bit"
  role_policy_arns = {
    logs = aws_iam_policy.fluent_bit_logs.arn
  }

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["logging:fluent-bit"]
    }
  }
}

# The Cluster Autoscaler (terraform/k8s) resizes the node group between min and max: it may
# change the desired size of this cluster's Auto Scaling groups, which EKS tags for discovery.
module "cluster_autoscaler_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.60"

  role_name                        = "${local.name}-cluster-autoscaler"
  attach_cluster_autoscaler_policy = true
  cluster_autoscaler_cluster_names = [module.eks.cluster_name]

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:cluster-autoscaler"]
    }
  }
}

# Installs the cluster add-ons and the application namespace (terraform/k8s).
module "cluster_addons" {
  source = "./k8s"

  environment               = var.environment
  namespace                 = local.namespace
  region                    = var.region
  cluster_name              = module.eks.cluster_name
  acme_email                = var.acme_email
  chart_versions            = var.chart_versions
  external_secrets_role_arn = module.external_secrets_irsa.iam_role_arn
  fluent_bit_role_arn       = module.fluent_bit_irsa.iam_role_arn
  log_group_name            = aws_cloudwatch_log_group.containers.name
  secrets_prefix            = "${var.project}/${var.environment}"

  cluster_autoscaler_role_arn  = module.cluster_autoscaler_irsa.iam_role_arn
  cluster_autoscaler_image_tag = var.cluster_autoscaler_image_tag
  deployer_group               = local.deployer_group
  origin_pull_ca_pem           = tls_self_signed_cert.origin_pull_ca.cert_pem

  # Helm needs the nodes (and the VPC CNI, the EBS CSI driver) before any chart can schedule pods,
  # and the access entries before the provider's credentials are allowed in.
  depends_on = [module.eks, terraform_data.cluster_admin_guard]
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.36"

  cluster_name    = var.cluster_name
  cluster_version = var.kubernetes_version

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  # CI (GitHub-hosted runners) and operators reach the API over the public endpoint, restricted by
  # CIDR and authenticated by IAM; nodes use the private endpoint.
  cluster_endpoint_public_access       = true
  cluster_endpoint_private_access      = true
  cluster_endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs

  # IRSA: External Secrets, Fluent Bit and the EBS CSI driver get IAM roles, not node credentials.
  enable_irsa = true

  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true

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

  # The deploy workflow may only touch its environment's namespace.
  access_entries = {
    github_deploy = {
      principal_arn = aws_iam_role.github_deploy.arn
      policy_associations = {
        namespace_admin = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
          access_scope = {
            type       = "namespace"
            namespaces = [local.namespace]
          }
        }
      }
    }
  }
}

module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.55"

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
  version = "~> 5.55"

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
  version = "~> 5.55"

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

  # Helm needs the nodes (and the VPC CNI) before any chart can schedule pods.
  depends_on = [module.eks]
}

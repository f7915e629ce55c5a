# Aurora PostgreSQL 16 (prod): a writer and a reader in different AZs, encrypted with a dedicated
# KMS key, reachable only from the EKS nodes (the origin, the migration Job and wsproxy all run
# there; the NetworkPolicies of k8s/ narrow it further to exactly those pods).

# Credentials are created by an operator in Secrets Manager (docs/operations.md) and only read here.
data "aws_secretsmanager_secret_version" "db_credentials" {
  secret_id = var.db_credentials_secret_name
}

locals {
  db_credentials = jsondecode(data.aws_secretsmanager_secret_version.db_credentials.secret_string)
}

resource "aws_kms_key" "aurora" {
  count = local.managed_data ? 1 : 0

  description             = "${local.name} Aurora storage encryption"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_security_group" "aurora" {
  count = local.managed_data ? 1 : 0

  name        = "${local.name}-aurora"
  description = "Postgres from the EKS nodes only"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "aurora_from_nodes" {
  count = local.managed_data ? 1 : 0

  security_group_id            = aws_security_group.aurora[0].id
  referenced_security_group_id = module.eks.node_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "origin, migrations and wsproxy pods"
}

resource "aws_rds_cluster_parameter_group" "aurora" {
  count = local.managed_data ? 1 : 0

  name   = "${local.name}-aurora-pg${var.aurora_engine_major_version}"
  family = "aurora-postgresql${var.aurora_engine_major_version}"

  # pg_stat_statements: the slow-query triage of the runbooks (docs/operations.md) relies on it.
  parameter {
    name  = "shared_preload_libraries"
    value = "pg_stat_statements"
    # Static parameter: takes effect at the next reboot.
    apply_method = "pending-reboot"
  }

  # Every connection must use TLS, including the Worker's Postgres session inside the wsproxy
  # WebSocket tunnel (its DATABASE_URL says sslmode=require): wsproxy then only ever relays
  # ciphertext, and a compromised wsproxy pod sees no password or query. The origin and the
  # migration Job connect with sslmode=require as well.
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }
}

resource "aws_rds_cluster" "main" {
  count = local.managed_data ? 1 : 0

  cluster_identifier = local.name
  engine             = "aurora-postgresql"
  # Major version only; the minor is whatever AWS has upgraded to (engine_version_actual), so a
  # minor upgrade never shows up as a diff that tries to downgrade.
  engine_version     = var.aurora_engine_major_version
  database_name      = var.db_name
  master_username    = local.db_credentials.username
  master_password    = local.db_credentials.password

  db_subnet_group_name            = module.vpc.database_subnet_group_name
  vpc_security_group_ids          = [aws_security_group.aurora[0].id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.aurora[0].name

  storage_encrypted = true
  kms_key_id        = aws_kms_key.aurora[0].arn

  backup_retention_period         = 14
  preferred_backup_window         = "02:00-03:00"
  preferred_maintenance_window    = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot           = true
  deletion_protection             = true
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${local.name}-final"
  enabled_cloudwatch_logs_exports = ["postgresql"]
}

resource "aws_rds_cluster_instance" "main" {
  # Two instances: Aurora promotes the reader if the writer's AZ fails (~30 s).
  count = local.managed_data ? 2 : 0

  identifier           = "${local.name}-${count.index}"
  cluster_identifier   = aws_rds_cluster.main[0].id
  engine               = aws_rds_cluster.main[0].engine
  engine_version       = aws_rds_cluster.main[0].engine_version
  instance_class       = var.aurora_instance_class
  db_subnet_group_name = module.vpc.database_subnet_group_name
  publicly_accessible  = false
  # The Worker verifies this CA's chain (database_ca_certs_pem); change both together.
  ca_cert_identifier = var.aurora_ca_cert_identifier

  performance_insights_enabled = true
  auto_minor_version_upgrade   = true
}

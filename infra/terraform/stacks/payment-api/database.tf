# RDS PostgreSQL: Multi-AZ, encrypted with the RDS key, TLS enforced by the parameter group, not public, automated
# encrypted backups, logs exported to KMS-encrypted log groups, master password generated and rotated by RDS in
# Secrets Manager (it never passes through Terraform state). Only the migration function logs in as the master, to
# create the migration and application roles (database-roles.tf).

locals {
  db_major_version = split(".", var.db_engine_version)[0]
  db_secret_arn    = try(aws_db_instance.this.master_user_secret[0].secret_arn, "")
}

resource "aws_db_subnet_group" "this" {
  name        = "dbsubnet-payment-api-${local.suffix}"
  description = "Private subnets of payment-api ${local.suffix}, one per availability zone"
  subnet_ids  = module.network.private_subnet_ids
}

resource "aws_db_parameter_group" "this" {
  name        = "pg-payment-api-${local.suffix}"
  family      = "postgres${local.db_major_version}"
  description = "TLS-only PostgreSQL with connection logging (payment-api ${local.suffix})"

  # Refuse every connection without TLS (spec 1; PCI DSS 4.2.1). RDS logs each refusal as
  # 'no pg_hba.conf entry for host ..., no encryption', which monitoring.tf counts as an encryption violation.
  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }

  parameter {
    name  = "password_encryption"
    value = "scram-sha-256"
  }

  # Connection attempts, successes and failures in the postgresql log (PCI DSS 10.2.1.4, 10.2.1.2): the source
  # of the failed-authentication alarm.
  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  # Statements that change the schema or roles (DDL), for the audit trail (PCI DSS 10.2.1.5, 10.2.1.7).
  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "database" {
  name        = "secgroup-rds-payment-api-${local.suffix}"
  description = "PostgreSQL: TCP 5432 from the payments API function only; no egress"
  vpc_id      = module.network.vpc_id

  tags = { Name = "secgroup-rds-payment-api-${local.suffix}" }
}

resource "aws_vpc_security_group_ingress_rule" "database_from_lambda" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL over TLS from the payments API function"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.lambda.id
}

resource "aws_db_instance" "this" {
  # checkov:skip=CKV_AWS_293: the spec requires every resource destroyable (no deletion protection) for synthetic environments; production sets deletion_protection = true
  identifier     = local.db_identifier
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name                       = var.db_name
  username                      = var.db_master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = module.kms_rds.key_arn

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = module.kms_rds.key_arn

  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.database.id]
  publicly_accessible    = false
  port                   = 5432
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  # Automated backups are encrypted with the instance's key.
  backup_retention_period  = var.db_backup_retention_days
  backup_window            = "03:00-04:00"
  maintenance_window       = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot    = true
  delete_automated_backups = true

  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = module.kms_rds.key_arn
  performance_insights_retention_period = 7
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
  iam_database_authentication_enabled   = true

  auto_minor_version_upgrade = true
  apply_immediately          = false

  # The spec: destroyable synthetic environments. Production sets both the other way.
  skip_final_snapshot = true
  deletion_protection = false

  # The log groups RDS writes to exist first, encrypted and retained by the stack: the exports' groups, and the
  # account-wide RDSOSMetrics of enhanced monitoring (module.account_baseline).
  depends_on = [
    aws_cloudwatch_log_group.this,
    aws_iam_role_policy_attachment.rds_monitoring,
    module.account_baseline,
  ]
}

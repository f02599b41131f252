# Isolated processing environment (spec 000): card-data functions in private subnets of a VPC with no
# internet gateway and no NAT, reaching AWS only through VPC endpoints; the spec's three CMKs plus the token
# key; raw, processed and audit buckets; metadata and audit tables; five roles with separation of duties.
# IAM roles are in iam.tf.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

# The role (not the session) running Terraform: exempt from the buckets' VPC-endpoint restriction so that
# Terraform, which runs outside the VPC, can keep managing them.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}

# The spec asks for this data source; zone names are pinned so the subnets never move when AWS adds a zone.
data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "zone-name"
    values = [for s in var.availability_zone_suffixes : "${var.aws_region}${s}"]
  }
}

locals {
  env        = var.environment
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  functions_dist_dir = coalesce(var.functions_dist_dir, "${path.module}/../../../../dist/functions")

  names = {
    vpc                = "vpc-secure-processing-${local.env}"
    route_table        = "rt-private-${local.env}"
    lambda_sg          = "secgroup-lambda-${local.env}"
    endpoints_sg       = "secgroup-vpc-endpoints-${local.env}"
    processor          = "lambda-data-processor-${local.env}"
    validator          = "lambda-data-validator-${local.env}"
    dead_letter_queue  = "sqs-lambda-dlq-${local.env}"
    metadata_table     = "dynamodb-metadata-${local.env}"
    audit_table        = "dynamodb-audit-${local.env}"
    raw_bucket         = "s3-raw-data-${local.env}-${local.account_id}"
    processed_bucket   = "s3-processed-data-${local.env}-${local.account_id}"
    audit_bucket       = "s3-audit-logs-${local.env}-${local.account_id}"
    trail_bucket       = "s3-trail-logs-${local.env}-${local.account_id}"
    flow_log_group     = "/aws/vpc/flow-logs-${local.env}"
    s3_key_alias       = "s3-encryption-${local.env}"
    dynamodb_key_alias = "dynamodb-encryption-${local.env}"
    logs_key_alias     = "logs-encryption-${local.env}"
    token_key_alias    = "tokenization-${local.env}"
  }

  # ARNs known before the resources exist, so policies can name them without dependency cycles. Roles are
  # always named by reference: a key policy naming a role that does not exist yet is rejected by KMS.
  arn = {
    raw_bucket       = "arn:${local.partition}:s3:::${local.names.raw_bucket}"
    processed_bucket = "arn:${local.partition}:s3:::${local.names.processed_bucket}"
    audit_bucket     = "arn:${local.partition}:s3:::${local.names.audit_bucket}"
    metadata_table   = "arn:${local.partition}:dynamodb:${local.region}:${local.account_id}:table/${local.names.metadata_table}"
    audit_table      = "arn:${local.partition}:dynamodb:${local.region}:${local.account_id}:table/${local.names.audit_table}"
    log_groups       = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"
    account_root     = "arn:${local.partition}:iam::${local.account_id}:root"
  }

  subnets = [
    for i, s in var.availability_zone_suffixes : {
      name              = "private-${i + 1}"
      name_tag          = "subnet-private-${i + 1}-${local.env}"
      cidr_block        = "10.0.${i + 1}.0/24"
      availability_zone = data.aws_availability_zones.available.names[i]
    }
  ]
}

# =============================================================================================================
# Networking: VPC 10.0.0.0/16, three private subnets, one route table, no internet gateway, no NAT
# =============================================================================================================

module "network" {
  source = "../../modules/network"

  name             = local.names.vpc
  cidr_block       = "10.0.0.0/16"
  private_subnets  = local.subnets
  route_table_name = local.names.route_table
}

# S3 and DynamoDB endpoint policies: only this environment's buckets and tables, only for principals of this
# account, so the endpoints cannot carry data to any other bucket or table (PCI DSS 1.4.4 / exfiltration).
data "aws_iam_policy_document" "s3_endpoint" {
  statement {
    sid       = "OnlyThisEnvironmentsBuckets"
    effect    = "Allow"
    actions   = ["s3:*"]
    resources = flatten([for b in [local.arn.raw_bucket, local.arn.processed_bucket, local.arn.audit_bucket] : [b, "${b}/*"]])

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "dynamodb_endpoint" {
  statement {
    sid       = "OnlyThisEnvironmentsTables"
    effect    = "Allow"
    actions   = ["dynamodb:*"]
    resources = [local.arn.metadata_table, local.arn.audit_table]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }
}

# The only KMS calls made from inside the VPC are the processor's, on the token key.
data "aws_iam_policy_document" "kms_endpoint" {
  statement {
    sid       = "OnlyTheTokenKey"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [module.token_key.key_arn]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [local.account_id]
    }
  }
}

module "endpoints" {
  source = "../../modules/vpc-endpoints"

  name                = "vpce-${local.env}"
  security_group_name = local.names.endpoints_sg
  vpc_id              = module.network.vpc_id
  route_table_ids     = [module.network.private_route_table_id]
  subnet_ids          = module.network.private_subnet_ids

  gateway_endpoints = {
    s3       = { policy_json = data.aws_iam_policy_document.s3_endpoint.json }
    dynamodb = { policy_json = data.aws_iam_policy_document.dynamodb_endpoint.json }
  }

  # lambda and logs as the spec lists; kms because the processor unwraps its token key with KMS directly.
  interface_endpoints = {
    lambda = {}
    logs   = {}
    kms    = { policy_json = data.aws_iam_policy_document.kms_endpoint.json }
  }

  allowed_security_groups = {
    lambda = aws_security_group.lambda.id
  }
}

resource "aws_security_group" "lambda" {
  # checkov:skip=CKV2_AWS_5: attached to both functions through the lambda-function module (security_group_ids), which checkov's graph does not follow
  name        = local.names.lambda_sg
  description = "Processing functions: HTTPS out to the VPC endpoints only, nothing in"
  vpc_id      = module.network.vpc_id

  tags = { Name = local.names.lambda_sg }
}

resource "aws_security_group_rule" "lambda_to_interface_endpoints" {
  type                     = "egress"
  description              = "HTTPS to the interface endpoints (Lambda, CloudWatch Logs, KMS)"
  security_group_id        = aws_security_group.lambda.id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
  source_security_group_id = module.endpoints.security_group_id
}

# Gateway endpoints have no address in the VPC: traffic to them is addressed to S3's and DynamoDB's public
# ranges, which the security group must allow through the endpoints' prefix lists.
resource "aws_security_group_rule" "lambda_to_s3_gateway" {
  type              = "egress"
  description       = "HTTPS to S3 through the gateway endpoint"
  security_group_id = aws_security_group.lambda.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_ids   = [module.endpoints.gateway_prefix_list_ids["s3"]]
}

resource "aws_security_group_rule" "lambda_to_dynamodb_gateway" {
  type              = "egress"
  description       = "HTTPS to DynamoDB through the gateway endpoint"
  security_group_id = aws_security_group.lambda.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_ids   = [module.endpoints.gateway_prefix_list_ids["dynamodb"]]
}

# =============================================================================================================
# Encryption: customer-managed keys for S3, DynamoDB and CloudWatch Logs (the spec's three) plus the token key
# =============================================================================================================

module "s3_key" {
  source = "../../modules/kms-key"

  description             = "S3 objects of the isolated processing environment (${local.env}) and the functions' environment"
  alias                   = local.names.s3_key_alias
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_administrator_arns  = [aws_iam_role.administrator.arn]
  key_policy_writer_arns  = local.key_policy_writers

  # The functions' environments are decrypted by Lambda through the grant it creates at deployment (encryption
  # context aws:lambda:FunctionArn), not by the execution roles: no statement for them here.

  # Exactly what the function contracts name (src/functions/*/contract.ts), only through S3.
  key_users = [
    {
      sid            = "ProcessorReadsRawWritesProcessedThroughS3"
      principal_arns = [aws_iam_role.processor.arn]
      actions        = ["kms:Decrypt", "kms:GenerateDataKey"]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] },
      ]
    },
    {
      sid            = "ValidatorReadsProcessedThroughS3"
      principal_arns = [aws_iam_role.validator.arn]
      actions        = ["kms:Decrypt"]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] },
      ]
    },
    {
      # The partner ingest role uploads raw card files SSE-KMS (a multipart upload also needs Decrypt), through S3.
      sid            = "IngestEncryptsUploadsThroughS3"
      principal_arns = [aws_iam_role.partner_ingest.arn]
      actions        = ["kms:GenerateDataKey", "kms:Decrypt"]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] },
      ]
    },
    {
      # The auditor reads processed and audit objects (never raw ones: IAM denies it) through S3.
      sid            = "AuditorDecryptsThroughS3"
      principal_arns = [aws_iam_role.auditor.arn]
      actions        = ["kms:Decrypt", "kms:DescribeKey"]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] },
      ]
    },
  ]

  service_principals = [
    {
      # The spec's S3 service-principal statement, held to this account's buckets.
      sid     = "S3ServiceForThisAccount"
      service = "s3.amazonaws.com"
      actions = ["kms:Decrypt", "kms:GenerateDataKey"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
      ]
    },
  ]

  # Lambda encrypts the functions' environment with the deployer's permissions and a grant.
  via_service_account_usage = ["lambda.${local.region}.amazonaws.com"]
}

module "dynamodb_key" {
  source = "../../modules/kms-key"

  description             = "DynamoDB tables of the isolated processing environment (${local.env})"
  alias                   = local.names.dynamodb_key_alias
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_administrator_arns  = [aws_iam_role.administrator.arn]
  key_policy_writer_arns  = local.key_policy_writers

  key_users = [
    {
      sid            = "FunctionsUseThroughDynamoDB"
      principal_arns = [aws_iam_role.processor.arn, aws_iam_role.validator.arn]
      actions        = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
      ]
    },
    {
      sid            = "AuditorDecryptsThroughDynamoDB"
      principal_arns = [aws_iam_role.auditor.arn]
      actions        = ["kms:Decrypt", "kms:DescribeKey"]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
      ]
    },
  ]

  service_principals = [
    {
      sid     = "DynamoDBServiceForThisAccount"
      service = "dynamodb.amazonaws.com"
      actions = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
      conditions = [
        { test = "StringEquals", variable = "aws:SourceAccount", values = [local.account_id] },
      ]
    },
  ]

  # DynamoDB creates the table's grant with the creator's permissions (CreateTable needs CreateGrant).
  via_service_account_usage = ["dynamodb.${local.region}.amazonaws.com"]
}

module "logs_key" {
  source = "../../modules/kms-key"

  description             = "CloudWatch Logs of the isolated processing environment (${local.env})"
  alias                   = local.names.logs_key_alias
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_administrator_arns  = [aws_iam_role.administrator.arn]
  key_policy_writer_arns  = local.key_policy_writers

  service_principals = [
    {
      sid     = "CloudWatchLogsForThisAccountsLogGroups"
      service = "logs.${local.region}.amazonaws.com"
      actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
      conditions = [
        { test = "ArnLike", variable = "kms:EncryptionContext:aws:logs:arn", values = [local.arn.log_groups] },
      ]
    },
  ]
}

# The key that wraps the processor's tokenization data key (stored encrypted in the metadata table, see
# src/aws/token-key.ts). Only the processor may use it, only for that purpose: a fourth key, beyond the spec's
# three, so that no other role that can use the S3 or DynamoDB key can ever unwrap the token key (PCI DSS 3.6.1).
module "token_key" {
  source = "../../modules/kms-key"

  description             = "Wraps the processor's tokenization key (${local.env})"
  alias                   = local.names.token_key_alias
  deletion_window_in_days = var.kms_deletion_window_in_days
  key_administrator_arns  = [aws_iam_role.administrator.arn]
  key_policy_writer_arns  = local.key_policy_writers

  key_users = [
    {
      sid            = "ProcessorWrapsAndUnwrapsTokenKey"
      principal_arns = [aws_iam_role.processor.arn]
      actions        = ["kms:GenerateDataKey", "kms:Decrypt"]
      conditions = [
        { test = "StringEquals", variable = "kms:EncryptionContext:purpose", values = ["enclave-token-key"] },
      ]
    },
  ]
}

# =============================================================================================================
# Storage: raw, processed and audit buckets
# =============================================================================================================

locals {
  bucket_vpce_ids = var.restrict_buckets_to_vpc_endpoint ? [module.endpoints.gateway_endpoint_ids["s3"]] : []

  # Who works on the buckets from outside the VPC: Terraform and the administrator manage them (IAM still denies
  # the administrator every object read); the partner ingest role uploads raw card files; the auditor reads the
  # processed and audit objects. Each bucket exempts only those whose work is on it.
  deployer_and_administrator = [data.aws_iam_session_context.deployer.issuer_arn, aws_iam_role.administrator.arn]
  raw_bucket_vpce_exempt     = concat(local.deployer_and_administrator, [aws_iam_role.partner_ingest.arn], var.bucket_vpce_exempt_principal_arns)
  read_bucket_vpce_exempt    = concat(local.deployer_and_administrator, [aws_iam_role.auditor.arn], var.bucket_vpce_exempt_principal_arns)

  # Who may rewrite the key policies (never the account root): the role that runs Terraform (KMS's lockout safety
  # check requires it) and break-glass.
  key_policy_writers = [data.aws_iam_session_context.deployer.issuer_arn, aws_iam_role.break_glass.arn]

  data_lifecycle = [
    {
      id                         = "glacier-${var.data_transition_days}-expire-${var.data_expiration_days}"
      transition_days            = var.data_transition_days
      transition_storage_class   = "GLACIER"
      expiration_days            = var.data_expiration_days
      noncurrent_expiration_days = var.data_expiration_days
    },
  ]
}

module "raw_bucket" {
  source = "../../modules/secure-bucket"

  bucket                       = local.names.raw_bucket
  kms_key_arn                  = module.s3_key.key_arn
  force_destroy                = var.force_destroy_buckets
  lifecycle_rules              = local.data_lifecycle
  restrict_to_vpc_endpoint_ids = local.bucket_vpce_ids
  vpce_exempt_principal_arns   = local.raw_bucket_vpce_exempt

  # Raw card data comes in only through the partner ingest role and goes out only to the processor: the deploying
  # role, the administrator and any CI role stay out of the card-data path (PCI DSS 7.2.1).
  object_writer_arns = [aws_iam_role.partner_ingest.arn, aws_iam_role.break_glass.arn]
  object_reader_arns = [aws_iam_role.processor.arn, aws_iam_role.break_glass.arn]

  tags = { Name = local.names.raw_bucket, Purpose = "raw-transactions", "enclave:classification" = "card-data" }
}

module "processed_bucket" {
  source = "../../modules/secure-bucket"

  bucket                       = local.names.processed_bucket
  kms_key_arn                  = module.s3_key.key_arn
  force_destroy                = var.force_destroy_buckets
  lifecycle_rules              = local.data_lifecycle
  restrict_to_vpc_endpoint_ids = local.bucket_vpce_ids
  vpce_exempt_principal_arns   = local.read_bucket_vpce_exempt

  tags = { Name = local.names.processed_bucket, Purpose = "tokenized-transactions" }
}

module "audit_bucket" {
  source = "../../modules/secure-bucket"

  bucket                       = local.names.audit_bucket
  kms_key_arn                  = module.s3_key.key_arn
  force_destroy                = var.force_destroy_buckets
  restrict_to_vpc_endpoint_ids = local.bucket_vpce_ids
  vpce_exempt_principal_arns   = local.read_bucket_vpce_exempt

  # PCI DSS 10.3.2: nobody but break-glass deletes a record or rewrites the lifecycle that keeps it.
  record_keeper_arns = [aws_iam_role.break_glass.arn]

  # PCI DSS 10.5.1: twelve months, the first three immediately available.
  lifecycle_rules = [
    {
      id                         = "audit-keep-${var.audit_retention_days}-days"
      transition_days            = var.audit_transition_days
      transition_storage_class   = "GLACIER"
      expiration_days            = var.audit_retention_days
      noncurrent_expiration_days = var.audit_retention_days
    },
  ]

  tags = { Name = local.names.audit_bucket, Purpose = "audit-trail", "enclave:classification" = "audit" }
}

# =============================================================================================================
# Database: metadata and audit tables
# =============================================================================================================

module "metadata_table" {
  source = "../../modules/dynamodb-table"

  name                        = local.names.metadata_table
  hash_key                    = { name = "job_id", type = "S" }
  kms_key_arn                 = module.dynamodb_key.key_arn
  point_in_time_recovery      = true
  deletion_protection_enabled = var.table_deletion_protection

  tags = { Name = local.names.metadata_table }
}

module "audit_table" {
  source = "../../modules/dynamodb-table"

  name                        = local.names.audit_table
  hash_key                    = { name = "audit_id", type = "S" }
  kms_key_arn                 = module.dynamodb_key.key_arn
  point_in_time_recovery      = true
  deletion_protection_enabled = var.table_deletion_protection

  tags = { Name = local.names.audit_table }
}

# =============================================================================================================
# Compute: processor (raw → processed) and validator (processed → audit), triggered by S3
# =============================================================================================================

# Asynchronous invocations (S3 events) that fail every retry are kept here instead of being lost.
resource "aws_sqs_queue" "dead_letter" {
  name                      = local.names.dead_letter_queue
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600

  tags = { Name = local.names.dead_letter_queue }
}

# Each function gets exactly the variables its contract declares (src/functions/<name>/contract.ts).
locals {
  processor_environment = {
    RAW_BUCKET           = module.raw_bucket.bucket_id
    PROCESSED_BUCKET     = module.processed_bucket.bucket_id
    METADATA_TABLE       = module.metadata_table.table_name
    AUDIT_TABLE          = module.audit_table.table_name
    S3_KMS_KEY_ARN       = module.s3_key.key_arn
    TOKEN_KMS_KEY_ARN    = module.token_key.key_arn
    TOKEN_KEY_VERSION    = tostring(var.token_key_version)
    POWERTOOLS_LOG_LEVEL = "INFO"
  }

  validator_environment = {
    PROCESSED_BUCKET     = module.processed_bucket.bucket_id
    AUDIT_TABLE          = module.audit_table.table_name
    S3_KMS_KEY_ARN       = module.s3_key.key_arn
    POWERTOOLS_LOG_LEVEL = "INFO"
  }
}

module "processor" {
  source = "../../modules/lambda-function"

  function_name                  = local.names.processor
  description                    = "Validates, tokenizes and masks raw card transactions into the processed bucket"
  package_file                   = "${local.functions_dist_dir}/processor.zip"
  runtime                        = var.lambda_runtime
  memory_size                    = var.lambda_memory_size
  timeout                        = var.lambda_timeout
  reserved_concurrent_executions = var.processor_reserved_concurrency
  subnet_ids                     = module.network.private_subnet_ids
  security_group_ids             = [aws_security_group.lambda.id]
  environment_variables          = local.processor_environment
  kms_key_arn                    = module.s3_key.key_arn
  log_kms_key_arn                = module.logs_key.key_arn
  log_retention_in_days          = var.log_retention_in_days
  dead_letter_target             = { type = "sqs", arn = aws_sqs_queue.dead_letter.arn }

  execution_role = { name = aws_iam_role.processor.name, arn = aws_iam_role.processor.arn }

  policy_documents = {
    data-access = data.aws_iam_policy_document.processor_data.json
  }

  tags = { Name = local.names.processor }
}

module "validator" {
  source = "../../modules/lambda-function"

  function_name                  = local.names.validator
  description                    = "Checks processed objects for encryption, format and absence of card numbers, and records the audit trail"
  package_file                   = "${local.functions_dist_dir}/validator.zip"
  runtime                        = var.lambda_runtime
  memory_size                    = var.lambda_memory_size
  timeout                        = var.lambda_timeout
  reserved_concurrent_executions = var.validator_reserved_concurrency
  subnet_ids                     = module.network.private_subnet_ids
  security_group_ids             = [aws_security_group.lambda.id]
  environment_variables          = local.validator_environment
  kms_key_arn                    = module.s3_key.key_arn
  log_kms_key_arn                = module.logs_key.key_arn
  log_retention_in_days          = var.log_retention_in_days
  dead_letter_target             = { type = "sqs", arn = aws_sqs_queue.dead_letter.arn }

  execution_role = { name = aws_iam_role.validator.name, arn = aws_iam_role.validator.arn }

  policy_documents = {
    data-access = data.aws_iam_policy_document.validator_data.json
  }

  tags = { Name = local.names.validator }
}

resource "aws_lambda_permission" "raw_bucket_invokes_processor" {
  statement_id   = "AllowRawBucketInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = module.processor.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = module.raw_bucket.bucket_arn
  source_account = local.account_id
}

resource "aws_lambda_permission" "processed_bucket_invokes_validator" {
  statement_id   = "AllowProcessedBucketInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = module.validator.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = module.processed_bucket.bucket_arn
  source_account = local.account_id
}

resource "aws_s3_bucket_notification" "raw" {
  bucket = module.raw_bucket.bucket_id

  lambda_function {
    id                  = "raw-object-created"
    lambda_function_arn = module.processor.function_arn
    events              = ["s3:ObjectCreated:*"]
  }

  depends_on = [aws_lambda_permission.raw_bucket_invokes_processor]
}

resource "aws_s3_bucket_notification" "processed" {
  bucket = module.processed_bucket.bucket_id

  lambda_function {
    id                  = "processed-object-created"
    lambda_function_arn = module.validator.function_arn
    events              = ["s3:ObjectCreated:*"]
  }

  depends_on = [aws_lambda_permission.processed_bucket_invokes_validator]
}

# =============================================================================================================
# Monitoring: VPC flow logs (function log groups live in the lambda-function module)
# =============================================================================================================

module "flow_logs" {
  source = "../../modules/flow-logs"

  name   = "vpc-secure-processing-${local.env}"
  vpc_id = module.network.vpc_id

  cloudwatch = {
    log_group_name    = local.names.flow_log_group
    kms_key_arn       = module.logs_key.key_arn
    retention_in_days = var.log_retention_in_days
  }
}

# The validator bundle as a VPC function with everything its contract (src/functions/validator/contract.ts)
# needs: the processed bucket and the audit table it names, gateway endpoints for S3 and DynamoDB, interface
# endpoints for KMS and CloudWatch Logs, an execution role holding exactly its calls, its environment and log
# group encrypted under customer-managed keys, failed asynchronous events kept in a dead-letter queue, and flow
# logs on the VPC.

data "aws_caller_identity" "current" {}

# The role running Terraform (not its session): it keeps the right to rewrite the example keys' policies.
data "aws_iam_session_context" "deployer" {
  arn = data.aws_caller_identity.current.arn
}
data "aws_region" "current" {}

locals {
  region       = data.aws_region.current.name
  account_id   = data.aws_caller_identity.current.account_id
  package_file = coalesce(var.package_file, "${path.module}/../../../../../../dist/functions/validator.zip")
}

# --- network -------------------------------------------------------------------------------------------------

module "network" {
  source = "../../../network"

  name       = "lambda-example"
  cidr_block = "10.60.0.0/16"
  private_subnets = [
    { name = "private-1", cidr_block = "10.60.1.0/24", availability_zone = "${local.region}a" },
    { name = "private-2", cidr_block = "10.60.2.0/24", availability_zone = "${local.region}b" },
  ]
}

resource "aws_security_group" "function" {
  # checkov:skip=CKV2_AWS_5: attached to the function through the lambda-function module (security_group_ids), which checkov's graph does not follow
  name        = "lambda-example-function"
  description = "Example function: HTTPS out to the VPC endpoints only"
  vpc_id      = module.network.vpc_id
}

module "endpoints" {
  source = "../../../vpc-endpoints"

  name                    = "lambda-example"
  vpc_id                  = module.network.vpc_id
  route_table_ids         = [module.network.private_route_table_id]
  subnet_ids              = module.network.private_subnet_ids
  gateway_endpoints       = { s3 = {}, dynamodb = {} }
  interface_endpoints     = { logs = {}, kms = {} }
  allowed_security_groups = { function = aws_security_group.function.id }
}

resource "aws_security_group_rule" "function_to_interface_endpoints" {
  type                     = "egress"
  description              = "HTTPS to the interface endpoints"
  security_group_id        = aws_security_group.function.id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
  source_security_group_id = module.endpoints.security_group_id
}

resource "aws_security_group_rule" "function_to_gateway_endpoints" {
  type              = "egress"
  description       = "HTTPS to S3 and DynamoDB through their gateway endpoints"
  security_group_id = aws_security_group.function.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_ids   = values(module.endpoints.gateway_prefix_list_ids)
}

module "flow_logs" {
  source = "../../../flow-logs"

  name   = "lambda-example"
  vpc_id = module.network.vpc_id

  cloudwatch = {
    log_group_name = "/aws/vpc/lambda-example"
    kms_key_arn    = module.logs_key.key_arn
  }
}

# --- keys ----------------------------------------------------------------------------------------------------

resource "aws_iam_role" "function" {
  name               = "lambda-example-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_trust.json
  tags               = { "enclave:duty" = "execution" }
}

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    sid     = "LambdaAssumesRole"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

module "data_key" {
  source = "../../../kms-key"

  description             = "Example key for the processed bucket, the audit table and the function environment"
  alias                   = "lambda-example-data"
  deletion_window_in_days = 7
  key_policy_writer_arns  = [data.aws_iam_session_context.deployer.issuer_arn]

  key_users = [
    {
      sid            = "FunctionReadsThroughS3"
      principal_arns = [aws_iam_role.function.arn]
      actions        = ["kms:Decrypt"]
      conditions     = [{ test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] }]
    },
  ]

  via_service_account_usage = ["lambda.${local.region}.amazonaws.com", "dynamodb.${local.region}.amazonaws.com", "s3.${local.region}.amazonaws.com"]
}

module "logs_key" {
  source = "../../../kms-key"

  description             = "Example key for the log groups"
  alias                   = "lambda-example-logs"
  deletion_window_in_days = 7
  key_policy_writer_arns  = [data.aws_iam_session_context.deployer.issuer_arn]

  service_principals = [
    {
      sid     = "CloudWatchLogsUseForThisAccount"
      service = "logs.${local.region}.amazonaws.com"
      actions = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
      conditions = [
        {
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = ["arn:aws:logs:${local.region}:${local.account_id}:log-group:*"]
        },
      ]
    },
  ]
}

# --- what the validator reads and writes -----------------------------------------------------------------------

module "processed_bucket" {
  source = "../../../secure-bucket"

  bucket        = "lambda-example-processed-${local.account_id}"
  kms_key_arn   = module.data_key.key_arn
  force_destroy = true
}

module "audit_table" {
  source = "../../../dynamodb-table"

  name                        = "lambda-example-audit"
  hash_key                    = { name = "audit_id" }
  kms_key_arn                 = module.data_key.key_arn
  deletion_protection_enabled = false
}

resource "aws_sqs_queue" "dead_letter" {
  name                      = "lambda-example-dlq"
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 1209600
}

data "aws_iam_policy_document" "validator" {
  statement {
    sid       = "ReadProcessedObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${module.processed_bucket.bucket_arn}/processed/*", "${module.processed_bucket.bucket_arn}/quarantine/*"]
  }

  statement {
    sid       = "AppendAuditRecords"
    effect    = "Allow"
    actions   = ["dynamodb:PutItem"]
    resources = [module.audit_table.table_arn]
  }
}

# --- the function --------------------------------------------------------------------------------------------

module "function" {
  source = "../../"

  function_name      = "lambda-example"
  description        = "Example: the validator in a private VPC"
  package_file       = local.package_file
  timeout            = 60
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [aws_security_group.function.id]
  execution_role     = { name = aws_iam_role.function.name, arn = aws_iam_role.function.arn }
  kms_key_arn        = module.data_key.key_arn
  log_kms_key_arn    = module.logs_key.key_arn
  dead_letter_target = { type = "sqs", arn = aws_sqs_queue.dead_letter.arn }

  environment_variables = {
    PROCESSED_BUCKET     = module.processed_bucket.bucket_id
    AUDIT_TABLE          = module.audit_table.table_name
    S3_KMS_KEY_ARN       = module.data_key.key_arn
    POWERTOOLS_LOG_LEVEL = "INFO"
  }

  policy_documents = {
    data-access = data.aws_iam_policy_document.validator.json
  }
}

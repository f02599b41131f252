# A VPC function from a built bundle in two private subnets, reaching CloudWatch Logs through an interface
# endpoint, with its environment and log group encrypted under customer-managed keys and failed
# asynchronous events kept in an encrypted dead-letter queue.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  bundle_dir = coalesce(var.bundle_dir, "${path.module}/../../../../../../dist/functions/validator")
}

module "network" {
  source = "../../../network"

  name       = "lambda-example"
  cidr_block = "10.60.0.0/16"
  private_subnets = [
    { name = "private-1", cidr_block = "10.60.1.0/24", availability_zone = "${data.aws_region.current.name}a" },
    { name = "private-2", cidr_block = "10.60.2.0/24", availability_zone = "${data.aws_region.current.name}b" },
  ]
}

resource "aws_security_group" "function" {
  name        = "lambda-example-function"
  description = "Example function: HTTPS out to the VPC endpoints only"
  vpc_id      = module.network.vpc_id
}

module "endpoints" {
  source = "../../../vpc-endpoints"

  name                    = "lambda-example"
  vpc_id                  = module.network.vpc_id
  subnet_ids              = module.network.private_subnet_ids
  interface_endpoints     = { logs = {} }
  allowed_security_groups = { function = aws_security_group.function.id }
}

resource "aws_security_group_rule" "function_to_endpoints" {
  type                     = "egress"
  description              = "HTTPS to the interface endpoints"
  security_group_id        = aws_security_group.function.id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
  source_security_group_id = module.endpoints.security_group_id
}

module "key" {
  source = "../../../kms-key"

  description               = "Example key for the function environment, its logs and its dead-letter queue"
  alias                     = "lambda-example"
  deletion_window_in_days   = 7
  via_service_account_usage = ["lambda.${data.aws_region.current.name}.amazonaws.com", "sqs.${data.aws_region.current.name}.amazonaws.com"]

  service_principals = [
    {
      sid     = "CloudWatchLogsUseForThisAccount"
      service = "logs.${data.aws_region.current.name}.amazonaws.com"
      actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      conditions = [
        {
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = ["arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
        },
      ]
    },
  ]
}

resource "aws_sqs_queue" "dead_letter" {
  name                              = "lambda-example-dlq"
  kms_master_key_id                 = module.key.key_arn
  kms_data_key_reuse_period_seconds = 300
  message_retention_seconds         = 1209600
}

module "function" {
  source = "../../"

  function_name                  = "lambda-example"
  description                    = "Example VPC function"
  source_dir                     = local.bundle_dir
  timeout                        = 60
  reserved_concurrent_executions = 5
  subnet_ids                     = module.network.private_subnet_ids
  security_group_ids             = [aws_security_group.function.id]
  kms_key_arn                    = module.key.key_arn
  log_kms_key_arn                = module.key.key_arn
  environment_variables          = { LOG_LEVEL = "INFO" }
  dead_letter_target             = { type = "sqs", arn = aws_sqs_queue.dead_letter.arn }

  policy_documents = {
    dead-letter-encryption = data.aws_iam_policy_document.dead_letter_encryption.json
  }
}

# Sending to an SSE-KMS queue needs the data key.
data "aws_iam_policy_document" "dead_letter_encryption" {
  statement {
    sid       = "EncryptDeadLetters"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [module.key.key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

# The payments API function in the private subnets. Written here rather than through the shared lambda-function
# module because that module gives the execution role inline policies and this spec allows managed ones only.

resource "aws_security_group" "lambda" {
  name        = "secgroup-lambda-payment-api-${local.suffix}"
  description = "Payments API function: egress to PostgreSQL and to the interface endpoints only; no ingress"
  vpc_id      = module.network.vpc_id

  tags = { Name = "secgroup-lambda-payment-api-${local.suffix}" }
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_database" {
  security_group_id            = aws_security_group.lambda.id
  description                  = "PostgreSQL over TLS"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.database.id
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_endpoints" {
  security_group_id            = aws_security_group.lambda.id
  description                  = "HTTPS to the interface endpoints (Secrets Manager, KMS, Logs, RDS API)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = module.endpoints.security_group_id
}

# The tokenization key: {"version": 1, "key": "<base64 of 32 random bytes>"}. Terraform creates the secret but
# never its value (that would put the key in state); the README's deploy step seeds it once with
# `aws secretsmanager put-secret-value`. Encrypted with the Lambda key, readable by the function only.
# A deleted key stays restorable for 7 days, so the name is generated per creation (name_prefix): a fixed name
# would stay taken for those days and creating the stack again would fail (README, "What the audit found").
resource "aws_secretsmanager_secret" "token_key" {
  # checkov:skip=CKV2_AWS_57: rotating the token key means re-tokenizing or keeping old versions readable; tokens carry their key version (tok_vN_) and rotation is a documented, deliberate procedure, not a Lambda on a timer
  name_prefix             = "secret-token-key-payment-api-${local.suffix}-"
  description             = "Card tokenization key (HMAC-SHA-256) of the payments API, ${local.suffix}"
  kms_key_id              = module.kms_lambda.key_arn
  recovery_window_in_days = var.secret_recovery_window_in_days
}

data "aws_iam_policy_document" "token_key_secret" {
  statement {
    sid       = "OnlyTheFunctionReadsTheKey"
    effect    = "Deny"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalArn"
      values   = [aws_iam_role.lambda.arn]
    }
  }
}

resource "aws_secretsmanager_secret_policy" "token_key" {
  secret_arn = aws_secretsmanager_secret.token_key.arn
  policy     = data.aws_iam_policy_document.token_key_secret.json
}

resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = module.kms_logs.key_arn
}

# enclave:ignore ENC-LAMBDA-005 reason="invoked synchronously (API requests): the caller gets every failure; DLQs and on-failure destinations apply to asynchronous invocations only" expires=2027-11-23
resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_50: X-Ray would need an xray interface endpoint and unscoped xray:Put* permissions in a VPC without internet; structured logs carry the request id instead
  # checkov:skip=CKV_AWS_272: code signing needs an AWS Signer profile outside this stack; bundles are built reproducibly from the repository by CI
  # checkov:skip=CKV_AWS_116: the function is invoked synchronously (API requests); a dead-letter queue only applies to asynchronous invocations
  function_name    = local.function_name
  description      = "Payments API (POST /payments, GET /payments/{id}, GET /health) over TLS PostgreSQL"
  role             = aws_iam_role.lambda.arn
  runtime          = var.lambda_runtime
  handler          = "index.handler"
  filename         = "${local.functions_dist_dir}/payments-api.zip"
  source_code_hash = filebase64sha256("${local.functions_dist_dir}/payments-api.zip")
  memory_size      = var.lambda_memory_size
  timeout          = var.lambda_timeout
  architectures    = ["x86_64"]
  kms_key_arn      = module.kms_lambda.key_arn

  reserved_concurrent_executions = var.lambda_reserved_concurrency

  vpc_config {
    subnet_ids         = module.network.private_subnet_ids
    security_group_ids = [aws_security_group.lambda.id]
  }

  # Lambda keeps the function's network interfaces for a while after it is deleted, holding secgroup-lambda: the
  # provider moves the function to the VPC's default group (no rules) first, so destroy does not wait on them.
  replace_security_groups_on_destroy = true

  environment {
    variables = {
      DB_HOST                 = aws_db_instance.this.address
      DB_PORT                 = tostring(aws_db_instance.this.port)
      DB_NAME                 = var.db_name
      DB_SECRET_ARN           = aws_secretsmanager_secret.db_role["app"].arn
      TOKEN_KEY_SECRET_ARN    = aws_secretsmanager_secret.token_key.arn
      POWERTOOLS_SERVICE_NAME = "payments-api"
      POWERTOOLS_LOG_LEVEL    = "INFO"
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.function,
    aws_iam_role_policy_attachment.lambda,
  ]
}

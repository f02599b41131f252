# --- Networking ------------------------------------------------------------------------------------------------

output "vpc_id" {
  description = "ID of the isolated VPC (no internet gateway, no NAT)."
  value       = module.network.vpc_id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC (10.0.0.0/16)."
  value       = module.network.vpc_cidr_block
}

output "private_subnet_ids" {
  description = "IDs of the three private subnets, one per availability zone."
  value       = module.network.private_subnet_ids
}

output "route_table_id" {
  description = "ID of the route table shared by the private subnets (local route plus the gateway endpoints only)."
  value       = module.network.private_route_table_id
}

output "s3_vpc_endpoint_id" {
  description = "ID of the S3 gateway endpoint; the buckets accept requests only through it (aws:SourceVpce)."
  value       = try(module.endpoints.gateway_endpoint_ids["s3"], null)
}

output "dynamodb_vpc_endpoint_id" {
  description = "ID of the DynamoDB gateway endpoint."
  value       = try(module.endpoints.gateway_endpoint_ids["dynamodb"], null)
}

output "lambda_vpc_endpoint_id" {
  description = "ID of the Lambda interface endpoint."
  value       = try(module.endpoints.interface_endpoint_ids["lambda"], null)
}

output "logs_vpc_endpoint_id" {
  description = "ID of the CloudWatch Logs interface endpoint."
  value       = try(module.endpoints.interface_endpoint_ids["logs"], null)
}

output "kms_vpc_endpoint_id" {
  description = "ID of the KMS interface endpoint (token key decryption)."
  value       = try(module.endpoints.interface_endpoint_ids["kms"], null)
}

output "lambda_security_group_id" {
  description = "ID of the functions' security group (HTTPS egress to the endpoints only, no ingress)."
  value       = aws_security_group.lambda.id
}

output "vpc_endpoint_security_group_id" {
  description = "ID of the interface endpoints' security group (HTTPS ingress from the functions only)."
  value       = module.endpoints.security_group_id
}

# --- Security: keys and roles ----------------------------------------------------------------------------------

output "s3_kms_key_arn" {
  description = "ARN of the CMK encrypting the buckets and the functions' environment."
  value       = module.s3_key.key_arn
}

output "dynamodb_kms_key_arn" {
  description = "ARN of the CMK encrypting the tables."
  value       = module.dynamodb_key.key_arn
}

output "logs_kms_key_arn" {
  description = "ARN of the CMK encrypting the log groups."
  value       = module.logs_key.key_arn
}

output "token_kms_key_arn" {
  description = "ARN of the CMK wrapping the processor's tokenization key (usable by the processor only)."
  value       = module.token_key.key_arn
}

output "s3_kms_key_alias" {
  description = "Alias of the S3 CMK."
  value       = module.s3_key.alias_name
}

output "dynamodb_kms_key_alias" {
  description = "Alias of the DynamoDB CMK."
  value       = module.dynamodb_key.alias_name
}

output "logs_kms_key_alias" {
  description = "Alias of the CloudWatch Logs CMK."
  value       = module.logs_key.alias_name
}

output "processor_role_arn" {
  description = "ARN of the processor's execution role."
  value       = aws_iam_role.processor.arn
}

output "validator_role_arn" {
  description = "ARN of the validator's execution role."
  value       = aws_iam_role.validator.arn
}

output "data_processor_role_arn" {
  description = "ARN of the data-processor role (may only invoke the functions)."
  value       = aws_iam_role.data_processor.arn
}

output "auditor_role_arn" {
  description = "ARN of the auditor role (read-only, never raw card data)."
  value       = aws_iam_role.auditor.arn
}

output "administrator_role_arn" {
  description = "ARN of the administrator role (manages, never decrypts data or alters audit records)."
  value       = aws_iam_role.administrator.arn
}

output "processor_role_name" {
  description = "Name of the processor's execution role."
  value       = aws_iam_role.processor.name
}

output "validator_role_name" {
  description = "Name of the validator's execution role."
  value       = aws_iam_role.validator.name
}

output "data_processor_role_name" {
  description = "Name of the data-processor role."
  value       = aws_iam_role.data_processor.name
}

output "auditor_role_name" {
  description = "Name of the auditor role."
  value       = aws_iam_role.auditor.name
}

output "administrator_role_name" {
  description = "Name of the administrator role."
  value       = aws_iam_role.administrator.name
}

# --- Storage ---------------------------------------------------------------------------------------------------

output "raw_data_bucket_name" {
  description = "Name of the raw-data bucket (incoming card transactions)."
  value       = module.raw_bucket.bucket_id
}

output "raw_data_bucket_arn" {
  description = "ARN of the raw-data bucket."
  value       = module.raw_bucket.bucket_arn
}

output "processed_data_bucket_name" {
  description = "Name of the processed-data bucket (tokenized, masked records)."
  value       = module.processed_bucket.bucket_id
}

output "processed_data_bucket_arn" {
  description = "ARN of the processed-data bucket."
  value       = module.processed_bucket.bucket_arn
}

output "audit_logs_bucket_name" {
  description = "Name of the audit bucket (12-month retention)."
  value       = module.audit_bucket.bucket_id
}

output "audit_logs_bucket_arn" {
  description = "ARN of the audit bucket."
  value       = module.audit_bucket.bucket_arn
}

# --- Compute ---------------------------------------------------------------------------------------------------

output "processor_function_name" {
  description = "Name of the processor function (triggered by raw-bucket uploads)."
  value       = module.processor.function_name
}

output "processor_function_arn" {
  description = "ARN of the processor function."
  value       = module.processor.function_arn
}

output "validator_function_name" {
  description = "Name of the validator function (triggered by processed-bucket objects)."
  value       = module.validator.function_name
}

output "validator_function_arn" {
  description = "ARN of the validator function."
  value       = module.validator.function_arn
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

# --- Database --------------------------------------------------------------------------------------------------

output "metadata_table_name" {
  description = "Name of the processing-metadata (job ledger) table."
  value       = module.metadata_table.table_name
}

output "metadata_table_arn" {
  description = "ARN of the metadata table."
  value       = module.metadata_table.table_arn
}

output "audit_table_name" {
  description = "Name of the append-only audit table."
  value       = module.audit_table.table_name
}

output "audit_table_arn" {
  description = "ARN of the audit table."
  value       = module.audit_table.table_arn
}

# --- Monitoring ------------------------------------------------------------------------------------------------

output "processor_log_group_name" {
  description = "Log group of the processor function."
  value       = module.processor.log_group_name
}

output "validator_log_group_name" {
  description = "Log group of the validator function."
  value       = module.validator.log_group_name
}

output "flow_logs_log_group_name" {
  description = "Log group receiving the VPC flow logs."
  value       = module.flow_logs.log_group_name
}

output "flow_log_id" {
  description = "ID of the VPC flow log (all traffic, to CloudWatch Logs)."
  value       = module.flow_logs.cloudwatch_flow_log_id
}

# --- Metadata --------------------------------------------------------------------------------------------------

output "environment" {
  description = "Environment name (suffix of every resource name)."
  value       = var.environment
}

output "aws_region" {
  description = "Region of the environment."
  value       = local.region
}

output "aws_account_id" {
  description = "Account the environment is deployed in."
  value       = local.account_id
}

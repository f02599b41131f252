// Single security-weakening mutations of our environments, each with the rule meant to catch it. Terraform
// mutations are text edits (found by pattern in the files an environment reads — its stack and the modules it
// calls — one mutation per occurrence), resources appended to the stack, or -var overrides; CloudFormation
// mutations are edits of the parsed template. A mutation that finds nothing to edit is not generated.

export interface Mutation {
  id: string;
  env: string;
  rule: string;
  description: string;
  /** Files (relative to the repository) → new text; empty for var-only mutations. */
  files: Record<string, string>;
  vars?: Record<string, string>;
  /** Skipped (and reported) when the rule has no checks on the unmutated environment. */
  requiresApplicable?: boolean;
}

interface Edit {
  rule: string;
  description: string;
  /** Which files (relative path) the edit looks at. */
  files: RegExp;
  find: RegExp;
  replace: string;
  /**
   * Replace every occurrence in the file as one mutation (when one occurrence alone would leave a twin doing the job).
   */
  all?: boolean;
  /** With `all`: in every matching file at once, as one mutation. */
  everyFile?: boolean;
  /** Only meaningful where the rule already has something to check (e.g. an isolated tier exists). */
  requiresApplicable?: boolean;
  /** -var overrides applied with the edit (the setting under which the edit weakens the stack). */
  vars?: Record<string, string>;
}

const TF_EDITS: Edit[] = [
  {
    rule: 'ENC-S3-003',
    description: 'block_public_acls off',
    files: /secure-bucket\/main\.tf$/,
    find: /block_public_acls(\s*)= true/,
    replace: 'block_public_acls$1= false',
  },
  {
    rule: 'ENC-S3-003',
    description: 'block_public_policy off',
    files: /secure-bucket\/main\.tf$/,
    find: /block_public_policy(\s*)= true/,
    replace: 'block_public_policy$1= false',
  },
  {
    rule: 'ENC-S3-003',
    description: 'ignore_public_acls off',
    files: /secure-bucket\/main\.tf$/,
    find: /ignore_public_acls(\s*)= true/,
    replace: 'ignore_public_acls$1= false',
  },
  {
    rule: 'ENC-S3-003',
    description: 'restrict_public_buckets off',
    files: /secure-bucket\/main\.tf$/,
    find: /restrict_public_buckets = true/,
    replace: 'restrict_public_buckets = false',
  },
  {
    rule: 'ENC-S3-001',
    description: 'versioning suspended',
    files: /secure-bucket\/main\.tf$/,
    find: /status = var\.versioning_enabled \? "Enabled" : "Suspended"/,
    replace: 'status = "Suspended"',
  },
  {
    rule: 'ENC-S3-002',
    description: 'SSE-S3 instead of SSE-KMS',
    files: /\.tf$/,
    find: /sse_algorithm(\s*)= "aws:kms"/,
    replace: 'sse_algorithm$1= "AES256"',
  },
  {
    rule: 'ENC-S3-002',
    description: 'SSE-KMS under the AWS managed key (key id removed)',
    files: /\.tf$/,
    find: /\n\s*kms_master_key_id\s*= var\.kms_key_arn/,
    replace: '',
  },
  {
    rule: 'ENC-S3-004',
    description: 'TLS-deny condition key changed in the bucket policy',
    files: /secure-bucket\/main\.tf$/,
    find: /"aws:SecureTransport"/,
    replace: '"aws:ViaAWSService"',
    all: true,
  },
  {
    rule: 'ENC-S3-005',
    description:
      'the header deny "simplified" to StringNotEqualsIfExists (denies uploads without the header, multipart parts included)',
    files: /secure-bucket\/main\.tf$/,
    find: /condition \{\n\s*test     = "Null"\n\s*variable = "s3:x-amz-server-side-encryption"\n\s*values   = \["false"\]\n\s*\}\n\n(\s*)condition \{\n(\s*)test     = "StringNotEquals"\n(\s*)variable = "s3:x-amz-server-side-encryption"/,
    replace: 'condition {\n$2test     = "StringNotEqualsIfExists"\n$3variable = "s3:x-amz-server-side-encryption"',
  },
  {
    rule: 'ENC-S3-005',
    description: 'the key-id deny "simplified" to StringNotEqualsIfExists',
    files: /secure-bucket\/main\.tf$/,
    find: /condition \{\n\s*test     = "Null"\n\s*variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"\n\s*values   = \["false"\]\n\s*\}\n\n(\s*)condition \{\n(\s*)test     = "StringNotEquals"\n(\s*)variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"/,
    replace:
      'condition {\n$2test     = "StringNotEqualsIfExists"\n$3variable = "s3:x-amz-server-side-encryption-aws-kms-key-id"',
  },
  {
    rule: 'ENC-S3-005',
    description: 'uploads without an encryption header denied (breaks default encryption)',
    files: /secure-bucket\/main\.tf$/,
    find: /test     = "Null"\n(\s*)variable = "s3:x-amz-server-side-encryption"\n(\s*)values   = \["false"\]/,
    replace: 'test     = "Null"\n$1variable = "s3:x-amz-server-side-encryption"\n$2values   = ["true"]',
  },
  {
    rule: 'ENC-KMS-001',
    description: 'key rotation off',
    files: /\.tf$/,
    find: /enable_key_rotation(\s*)= true/,
    replace: 'enable_key_rotation$1= false',
  },
  {
    rule: 'ENC-KMS-002',
    description: 'scoping conditions removed from a service-principal grant',
    files: /stacks\/.*\.tf$/,
    find: /(service\s*=\s*"[^"]+"\n\s*actions\s*=\s*\[[^\]]*\]\n\s*conditions\s*=\s*)\[[\s\S]*?\n\s*\]/,
    replace: '$1[]',
  },
  {
    rule: 'ENC-LOGS-002',
    description: 'function log retention shortened to 7 days',
    files: /lambda-function\/main\.tf$/,
    find: /retention_in_days = var\.log_retention_in_days/,
    replace: 'retention_in_days = 7',
  },
  {
    rule: 'ENC-LOGS-002',
    description: 'flow-log retention shortened to 30 days',
    files: /flow-logs\/main\.tf$/,
    find: /retention_in_days = var\.cloudwatch\.retention_in_days/,
    replace: 'retention_in_days = 30',
  },
  {
    rule: 'ENC-LOGS-002',
    description: 'a stack log group kept 14 days',
    files: /stacks\/.*\.tf$/,
    find: /retention_in_days(\s*)= (var\.\w+|\d+)/,
    replace: 'retention_in_days$1= 14',
  },
  {
    rule: 'ENC-LOGS-001',
    description: 'function log group without KMS',
    files: /lambda-function\/main\.tf$/,
    find: /\n\s*kms_key_id\s*= var\.log_kms_key_arn/,
    replace: '',
  },
  {
    rule: 'ENC-LOGS-001',
    description: 'flow-log group without KMS',
    files: /flow-logs\/main\.tf$/,
    find: /\n\s*kms_key_id\s*= var\.cloudwatch\.kms_key_arn/,
    replace: '',
  },
  {
    rule: 'ENC-LAMBDA-003',
    description: 'deprecated runtime',
    files: /lambda-function\/main\.tf$|stacks\/.*\.tf$/,
    find: /runtime(\s*)= (var\.\w+|"nodejs\d+\.x")/,
    replace: 'runtime$1= "nodejs16.x"',
  },
  {
    rule: 'ENC-LAMBDA-001',
    description: 'environment encrypted with the AWS managed key',
    files: /lambda-function\/main\.tf$|stacks\/.*\.tf$/,
    find: /\n\s*kms_key_arn\s*= (var\.kms_key_arn|module\.\w+\.key_arn|aws_kms_key\.\w+\.arn)(?=\n\s*(reserved|vpc_config|environment|tags|timeout|memory|\}|dead|tracing|logging|filename|source))/,
    replace: '',
  },
  {
    rule: 'ENC-LAMBDA-004',
    description: 'function no longer depends on its log group',
    files: /lambda-function\/main\.tf$/,
    find: /\n\s*aws_cloudwatch_log_group\.this,/,
    replace: '',
  },
  {
    rule: 'ENC-LAMBDA-002',
    description: 'function taken out of the VPC',
    files: /lambda-function\/main\.tf$|stacks\/.*\.tf$/,
    find: /\n  vpc_config \{[^}]*\}\n/,
    replace: '\n',
  },
  {
    rule: 'ENC-VPC-006',
    description: 'flow logs capture rejected traffic only',
    files: /flow-logs\/main\.tf$|stacks\/.*\.tf$/,
    find: /traffic_type(\s*)= (var\.traffic_type|"ALL")/,
    replace: 'traffic_type$1= "REJECT"',
    all: true,
    everyFile: true,
  },
  {
    rule: 'ENC-DDB-001',
    description: 'point-in-time recovery off',
    files: /dynamodb-table\/main\.tf$|stacks\/.*\.tf$/,
    find: /point_in_time_recovery \{\n(\s*)enabled = [^\n]+/,
    replace: 'point_in_time_recovery {\n$1enabled = false',
  },
  {
    rule: 'ENC-DDB-002',
    description: 'table under the AWS owned key',
    files: /dynamodb-table\/main\.tf$/,
    find: /server_side_encryption \{\n(\s*)enabled(\s*)= true/,
    replace: 'server_side_encryption {\n$1enabled$2= false',
  },
  {
    rule: 'ENC-VPC-008',
    description: 'subnets map public IPs',
    files: /\.tf$/,
    find: /map_public_ip_on_launch(\s*)= false/,
    replace: 'map_public_ip_on_launch$1= true',
  },
  {
    rule: 'ENC-VPC-005',
    description: 'default security group no longer managed',
    files: /network\/main\.tf$/,
    find: /count = var\.manage_default_security_group \? 1 : 0/,
    replace: 'count = 0',
  },
  {
    rule: 'ENC-VPC-007',
    description: 'endpoint security group open on all TCP ports',
    files: /vpc-endpoints\/main\.tf$/,
    find: /from_port(\s*)= 443/,
    replace: 'from_port$1= 0',
  },
  {
    rule: 'ENC-RDS-001',
    description: 'database storage unencrypted',
    files: /stacks\/.*\.tf$/,
    find: /storage_encrypted(\s*)= true/,
    replace: 'storage_encrypted$1= false',
  },
  {
    rule: 'ENC-RDS-002',
    description: 'database single-AZ',
    files: /stacks\/.*\.tf$/,
    find: /multi_az(\s*)= (true|var\.\w+)/,
    replace: 'multi_az$1= false',
  },
  {
    rule: 'ENC-RDS-003',
    description: 'backups kept 1 day',
    files: /stacks\/.*\.tf$/,
    find: /backup_retention_period(\s*)= [^\n]+/,
    replace: 'backup_retention_period$1= 1',
  },
  {
    rule: 'ENC-RDS-004',
    description: 'database publicly accessible',
    files: /stacks\/.*\.tf$/,
    find: /publicly_accessible(\s*)= false/,
    replace: 'publicly_accessible$1= true',
  },
  {
    rule: 'ENC-RDS-005',
    description: 'rds.force_ssl 0',
    files: /stacks\/.*\.tf$/,
    find: /(name\s*= "rds\.force_ssl"\n\s*value\s*= )"1"/,
    replace: '$1"0"',
  },
  {
    rule: 'ENC-GD-001',
    description: 'GuardDuty detector disabled',
    files: /stacks\/.*\.tf$/,
    find: /(resource "aws_guardduty_detector"[^}]*?enable\s*= )true/,
    replace: '$1false',
  },
  {
    rule: 'ENC-CT-001',
    description: 'CloudTrail log file validation off',
    files: /\.tf$/,
    find: /enable_log_file_validation(\s*)= true/,
    replace: 'enable_log_file_validation$1= false',
  },
  {
    rule: 'ENC-SNS-001',
    description: 'topic under the AWS managed key',
    files: /stacks\/.*\.tf$/,
    find: /kms_master_key_id(\s*)= [^\n]+/,
    replace: 'kms_master_key_id$1= "alias/aws/sns"',
  },
  {
    rule: 'ENC-SNS-002',
    description: 'the TLS-only Deny on a topic policy made to deny TLS instead (SecureTransport "true")',
    files: /stacks\/.*\.tf$/,
    find: /(sid\s*= "DenyInsecureTransport"[\s\S]*?variable = "aws:SecureTransport"\n\s*values\s*= )\["false"\]/,
    replace: '$1["true"]',
  },
  {
    rule: 'ENC-SM-001',
    description: 'secret under the AWS managed key',
    files: /stacks\/.*\.tf$/,
    find: /(resource "aws_secretsmanager_secret" "\w+" \{[^}]*?)\n\s*kms_key_id\s*= [^\n]+/,
    replace: '$1',
  },
  {
    rule: 'ENC-S3-007',
    description: 'audit logs expire after 30 days',
    files: /stacks\/.*\.tf$/,
    find: /audit_retention_days(\s*)= \d+/,
    replace: 'audit_retention_days$1= 30',
  },
  {
    rule: 'ENC-VPC-001',
    description: 'an internet route on the private (isolated tier) route table',
    files: /modules\/network\/main\.tf$/,
    find: /(?<!\s)\s*$/,
    replace:
      '\n\nresource "aws_route" "mutant_internet" {\n  route_table_id         = aws_route_table.private.id\n  destination_cidr_block = "0.0.0.0/0"\n  gateway_id             = "igw-0123456789abcdef0"\n}\n',
    requiresApplicable: true,
  },
  {
    rule: 'ENC-IAM-010',
    description: 'prefix-list egress to a gateway endpoint replaced by VPC-only egress',
    files: /stacks\/.*\.tf$/,
    find: /prefix_list_ids(\s*)= \[[^\n]*\](?=\n)/,
    replace: 'cidr_blocks$1= ["10.0.0.0/16"]',
  },
  {
    rule: 'ENC-IAM-003',
    description: 'role sessions of 12 hours',
    files: /stacks\/.*\.tf$/,
    find: /max_session_duration(\s*)= \d+/,
    replace: 'max_session_duration$1= 43200',
  },
  // Issue 15/16: how engineers really weaken IAM, key and bucket policies.
  {
    rule: 'ENC-KMS-005',
    description: '"the pipeline cannot update key policies": kms:Put* back in the account-root administration',
    files: /kms-key\/main\.tf$/,
    find: /"kms:Enable\*",\n(\s*)"kms:List\*",/,
    replace: '"kms:Enable*",\n$1"kms:Put*",\n$1"kms:List*",',
  },
  {
    rule: 'ENC-KMS-005',
    description: 'the operations role added to the key policy writers ("on-call fixes key policies")',
    files: /stacks\/.*\.tf$/,
    find: /key_policy_writers = \[data\.aws_iam_session_context\.deployer\.issuer_arn, aws_iam_role\.break_glass\.arn\]/,
    replace:
      'key_policy_writers = [data.aws_iam_session_context.deployer.issuer_arn, aws_iam_role.break_glass.arn, aws_iam_role.data_processor.arn]',
  },
  {
    rule: 'ENC-KMS-004',
    description: 'the module grants the function its environment under kms:EncryptionContext:LambdaFunctionName again',
    files: /lambda-function\/main\.tf$/,
    find: /# No statement for the environment:[^\n]*\n(?:#[^\n]*\n)*\n([\s\S]*?)(vpc-networking = data\.aws_iam_policy_document\.vpc_networking\.json)/,
    replace:
      'data "aws_iam_policy_document" "environment_decryption" {\n  statement {\n    sid       = "DecryptOwnEnvironment"\n    actions   = ["kms:Decrypt"]\n    resources = [var.kms_key_arn]\n    condition {\n      test     = "StringEquals"\n      variable = "kms:EncryptionContext:LambdaFunctionName"\n      values   = [var.function_name]\n    }\n  }\n}\n\n$1$2\n      environment-decryption = data.aws_iam_policy_document.environment_decryption.json',
  },
  {
    rule: 'ENC-KMS-004',
    description: 'the function role may decrypt "its environment" under kms:EncryptionContext:LambdaFunctionName',
    files: /stacks\/.*\.tf$/,
    find: /data "aws_iam_policy_document" "(lambda_secrets|scanner_outputs)" \{\n/,
    replace:
      'data "aws_iam_policy_document" "$1" {\n  statement {\n    sid       = "DecryptOwnEnvironment"\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    condition {\n      test     = "StringEquals"\n      variable = "kms:EncryptionContext:LambdaFunctionName"\n      values   = [local.function_name]\n    }\n  }\n',
  },
  {
    rule: 'ENC-KMS-004',
    description: 'kms:ViaService written without the region ("s3.amazonaws.com")',
    files: /stacks\/.*\.tf$/,
    find: /variable = "kms:ViaService", values = \["s3\.\$\{local\.region\}\.amazonaws\.com"\]/,
    replace: 'variable = "kms:ViaService", values = ["s3.amazonaws.com"]',
  },
  {
    rule: 'ENC-IAM-013',
    description:
      '"the administrator must tune memory and timeouts": UpdateFunctionConfiguration allowed again, only layers denied',
    files: /stacks\/.*iam\.tf$/,
    find: /("lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",)([\s\S]*?)"lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", /,
    replace: '"lambda:UpdateFunctionConfiguration", $1$2"lambda:UpdateFunctionCode", ',
  },
  {
    rule: 'ENC-IAM-013',
    description: 'the monitoring role may update the function\'s configuration ("to raise its log level")',
    files: /stacks\/.*iam\.tf$/,
    find: /(data "aws_iam_policy_document" "monitoring" \{\n)/,
    replace:
      '$1  statement {\n    sid       = "TuneLogLevel"\n    actions   = ["lambda:UpdateFunctionConfiguration"]\n    resources = ["arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.function_name}"]\n  }\n\n',
  },
  {
    rule: 'ENC-IAM-013',
    description: 'the checker may rewrite its own role policy ("to self-heal missing permissions")',
    files: /stacks\/.*\.tf$/,
    find: /(data "aws_iam_policy_document" "scanner_outputs" \{\n)/,
    replace:
      '$1  statement {\n    sid       = "SelfHeal"\n    actions   = ["iam:PutRolePolicy"]\n    resources = [aws_iam_role.scanner.arn]\n  }\n\n',
  },
  {
    rule: 'ENC-IAM-012',
    description: 'duty tag dropped from a role',
    files: /stacks\/.*\.tf$/,
    find: /, "enclave:duty" = "[a-z-]+"/,
    replace: '',
  },
  {
    rule: 'ENC-IAM-012',
    description: 'duty tag dropped from a role (managed-policies stack)',
    files: /stacks\/.*\.tf$/,
    find: /merge\(local\.role_tags, \{ "enclave:duty" = local\.duty\.\w+ \}\)/,
    replace: 'local.role_tags',
  },
  {
    rule: 'ENC-IAM-015',
    description: 'MFA condition "relaxed" to BoolIfExists so CLI access keys work',
    files: /stacks\/.*\.tf$/,
    find: /test(\s*)= "Bool"(\n\s*variable\s*= "aws:MultiFactorAuthPresent")/,
    replace: 'test$1= "BoolIfExists"$2',
  },
  {
    rule: 'ENC-IAM-002',
    description:
      '"the partner sends ids in varying case": external id matched with StringLike "*" (a partner account trusted)',
    files: /stacks\/.*\.tf$/,
    find: /test(\s*)= "StringEquals"\n(\s*)variable = "sts:ExternalId"\n(\s*)values(\s*)= \[var\.external_id\]/,
    replace: 'test$1= "StringLike"\n$2variable = "sts:ExternalId"\n$3values$4= ["*"]',
    vars: { trusted_account_ids: '["111122223333"]' },
  },
  {
    rule: 'ENC-IAM-016',
    description: 'the card-data bucket takes objects from anyone again (writer list removed)',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*object_writer_arns = \[[^\]]*\]/,
    replace: '',
  },
  {
    rule: 'ENC-IAM-016',
    description: 'the deploying role added to the raw bucket\'s writers ("to replay a file")',
    files: /stacks\/.*\.tf$/,
    find: /object_writer_arns = \[aws_iam_role\.partner_ingest\.arn, /,
    replace:
      'object_writer_arns = [data.aws_iam_session_context.deployer.issuer_arn, aws_iam_role.partner_ingest.arn, ',
  },
  {
    rule: 'ENC-IAM-017',
    description: 'the auditor dropped from the endpoint exemption of the buckets it reads',
    files: /stacks\/.*\.tf$/,
    find: /, \[aws_iam_role\.auditor\.arn\]/,
    replace: '',
  },
  {
    rule: 'ENC-IAM-018',
    description: '"let the ops tooling read the flow logs": the log bucket policy allows everyone in the account',
    files: /stacks\/.*\.tf$/,
    find: /(data "aws_iam_policy_document" "flow_logs?_delivery" \{\n)/,
    replace:
      '$1  statement {\n    sid       = "OpsToolingReads"\n    effect    = "Allow"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "aws:PrincipalAccount"\n      values   = [local.account_id]\n    }\n  }\n\n',
  },
  {
    rule: 'ENC-IAM-019',
    description: 'a separate bucket policy resource added for a new delivery statement',
    files: /secure-bucket\/main\.tf$/,
    find: /(?<!\s)\s*$/,
    replace:
      '\n\nresource "aws_s3_bucket_policy" "delivery" {\n  bucket = aws_s3_bucket.this.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "Delivery", Effect = "Allow", Principal = { Service = "delivery.logs.amazonaws.com" }, Action = "s3:PutObject", Resource = "${aws_s3_bucket.this.arn}/*" }] })\n}\n',
  },
  {
    rule: 'ENC-LAMBDA-006',
    description: 'source_account dropped from the S3 invoke permission',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*source_account = local\.account_id/,
    replace: '',
  },
  {
    rule: 'ENC-LAMBDA-006',
    description: 'source_arn dropped from the EventBridge invoke permission',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*source_arn\s*= aws_cloudwatch_event_rule\.\w+\.arn/,
    replace: '',
  },
  {
    rule: 'ENC-S3-006',
    description: 'lifecycle rewrites allowed on audit buckets ("retention is changed through Terraform")',
    files: /secure-bucket\/main\.tf$/,
    find: /"s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration", /,
    replace: '"s3:DeleteObjectVersion", ',
  },
  {
    rule: 'ENC-S3-006',
    description: 'record keepers dropped from an audit bucket',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*record_keeper_arns\s*= \[[^\]]*\]/,
    replace: '',
  },
  {
    rule: 'ENC-DATA-002',
    description: 'classification tag dropped from an audit bucket',
    files: /stacks\/.*\.tf$/,
    find: /, "enclave:classification" = "audit"/,
    replace: '',
  },
  {
    rule: 'ENC-DATA-002',
    description: 'classification tags dropped from a bucket (tags block)',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*tags = \{ "enclave:classification" = "[a-z-]+" \}\n/,
    replace: '\n',
  },
  {
    rule: 'ENC-IAM-011',
    description: 'the processor may write anywhere in the processed bucket',
    files: /stacks\/.*\.tf$/,
    find: /processed_outputs = \[[^\]]*\]/,
    replace: 'processed_outputs = ["${module.processed_bucket.bucket_arn}/*"]',
  },
  {
    rule: 'ENC-IAM-010',
    description: "the token key usable only through S3 (copied from the S3 key's statement)",
    files: /stacks\/.*\.tf$/,
    find: /(sid\s*= "ProcessorWrapsAndUnwrapsTokenKey"[\s\S]*?conditions = \[\n)/,
    replace:
      '$1        { test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] },\n',
  },
  {
    rule: 'ENC-IAM-010',
    description: 'the S3 key scoped to object ARNs, while the buckets use S3 Bucket Keys (S3 sends the bucket ARN)',
    files: /stacks\/.*\.tf$/,
    find: /(sid\s*= "ProcessorReadsRawWritesProcessedThroughS3"[\s\S]*?conditions = \[\n)/,
    replace:
      '$1        { test = "StringLike", variable = "kms:EncryptionContext:aws:s3:arn", values = ["${local.arn.raw_bucket}/*", "${local.arn.processed_bucket}/*"] },\n',
  },
  {
    rule: 'ENC-IAM-014',
    description: 'the monitoring role may delete old log groups ("housekeeping")',
    files: /stacks\/.*iam\.tf$/,
    find: /(data "aws_iam_policy_document" "monitoring" \{\n)/,
    replace:
      '$1  statement {\n    sid       = "Housekeeping"\n    actions   = ["logs:DeleteLogGroup"]\n    resources = local.all_log_group_arns\n  }\n\n',
  },
  // ── network depth: what an engineer changes to "simplify" a VPC ──
  {
    rule: 'ENC-VPC-009',
    description: 'DNS hostnames turned off on the VPC ("we need no public DNS names")',
    files: /modules\/network\/main\.tf$/,
    find: /enable_dns_hostnames = var\.enable_dns_hostnames/,
    replace: 'enable_dns_hostnames = false',
    requiresApplicable: true,
  },
  {
    rule: 'ENC-VPC-011',
    description: 'the management tier routed straight to the internet gateway instead of the NAT',
    files: /stacks\/.*\.tf$/,
    find: /(resource "aws_route" "management_default" \{[^}]*?)nat_gateway_id(\s*)= aws_nat_gateway\.this\.id/,
    replace: '$1gateway_id$2= aws_internet_gateway.this.id',
  },
  {
    rule: 'ENC-VPC-012',
    description: 'application egress opened to plain HTTP for a package mirror',
    files: /stacks\/.*\.tf$/,
    find: /(resource "aws_security_group_rule" "app_https_out" \{[^}]*?from_port\s*= )443(\s*to_port\s*= )443/,
    replace: '$180$280',
  },
  {
    rule: 'ENC-VPC-013',
    description: "the application NACL's HTTPS rule widened to all traffic from anywhere while debugging",
    files: /stacks\/.*\.tf$/,
    find: /key = "in-https", egress = false, rule_number = 100, protocol = "tcp", cidr_block = "10\.0\.0\.0\/8"/,
    replace: 'key = "in-https", egress = false, rule_number = 100, protocol = "-1", cidr_block = "0.0.0.0/0"',
  },
  {
    rule: 'ENC-VPC-004',
    description: 'the TEST-NET denies renumbered after the allows',
    files: /stacks\/.*\.tf$/,
    find: /rule_number = 10 \* \(i \+ 1\)/,
    replace: 'rule_number = 200 + i',
  },
  // ── delivery: each service's path broken the way a refactor breaks it ──
  {
    rule: 'ENC-DLV-001',
    description:
      'Hive-compatible partitions switched off for a legacy Athena table (files land where the policy does not allow)',
    files: /flow-logs\/main\.tf$/,
    find: /hive_compatible_partitions = true/,
    replace: 'hive_compatible_partitions = false',
  },
  {
    rule: 'ENC-DLV-001',
    description: 'the S3 flow log no longer waits for the bucket and its policy',
    files: /stacks\/.*\.tf$/,
    find: /(module "flow_logs(?:_s3)?" \{[\s\S]*?)\n\s*depends_on = \[module\.flow_logs_bucket\]\n/,
    replace: '$1\n',
  },
  {
    rule: 'ENC-DLV-001',
    description: 'the confused-deputy condition dropped from the log-delivery write statement',
    files: /stacks\/.*\.tf$/,
    find: /(sid\s*= "LogDeliveryWrite"[\s\S]*?)\n\s*condition \{\n\s*test\s*= "ArnLike"\n\s*variable = "aws:SourceArn"\n[\s\S]*?\n    \}\n/,
    replace: '$1\n',
  },
  {
    rule: 'ENC-DLV-002',
    description: "the trail's key prefix renamed without the bucket policy",
    files: /stacks\/.*\.tf$/,
    find: /s3_key_prefix(\s*)= local\.cloudtrail_prefix/,
    replace: 's3_key_prefix$1= "trails"',
  },
  {
    rule: 'ENC-DLV-002',
    description: 'the CloudTrail decrypt grant removed from the key ("CloudTrail only encrypts")',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*\{\n\s*sid\s*= "CloudTrailDecryptsWithTheBucketKey"[\s\S]*?\n\s*\},\n/,
    replace: '\n',
  },
  {
    rule: 'ENC-DLV-003',
    description:
      'the alarm statement of the topic policy names monitoring.amazonaws.com (the endpoint) instead of cloudwatch.amazonaws.com',
    files: /stacks\/.*\.tf$/,
    find: /(sid\s*= "(?:CloudWatchAlarmsPublish|StackAlarmsPublish)"[\s\S]*?identifiers = \[)"cloudwatch\.amazonaws\.com"\]/,
    replace: '$1"monitoring.amazonaws.com"]',
  },
  {
    rule: 'ENC-DLV-004',
    description: "the execution role's log permission written on the log group's ARN without the stream part",
    files: /lambda-function\/main\.tf$/,
    find: /resources = \["\$\{local\.log_group_arn\}:log-stream:\*"\]/,
    replace: 'resources = [local.log_group_arn]',
  },
  {
    rule: 'ENC-DLV-005',
    description: 'the logs key scoped to Lambda log groups only',
    files: /stacks\/.*\.tf$/,
    find: /log_group_arn_scope(\s*)= "(arn:aws:logs:\$\{local\.region\}:\$\{local\.account_id\}:log-group:)\*"/,
    replace: 'log_group_arn_scope$1= "$2/aws/lambda/*"',
  },
  // ── detection settings ──
  {
    rule: 'ENC-CT-003',
    description: 'the trail made single-region to save cost',
    files: /stacks\/.*\.tf$/,
    find: /is_multi_region_trail(\s*)= true/,
    replace: 'is_multi_region_trail$1= false',
  },
  {
    rule: 'ENC-CT-004',
    description: 'the account baseline\'s trail left out of payment-api ("the API stores only tokens")',
    files: /stacks\/payment-api\/main\.tf$/,
    find: /\n  cloudtrail = \{[\s\S]*?\n  \}\n/,
    replace: '\n',
  },
  {
    rule: 'ENC-EVT-001',
    description: 'the security-group alert rule disabled during a noisy migration',
    files: /stacks\/.*\.tf$/,
    find: /(resource "aws_cloudwatch_event_rule" "security_group_changes" \{\n)/,
    replace: '$1  state = "DISABLED"\n',
  },
  {
    rule: 'ENC-EVT-002',
    description: 'the security-group pattern trimmed back to the four Authorize/Revoke calls',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*"ModifySecurityGroupRules",\n\s*"CreateSecurityGroup",\n\s*"DeleteSecurityGroup",/,
    replace: '',
  },
  {
    rule: 'ENC-CW-001',
    description: 'alarm actions removed while silencing a noisy alarm',
    files: /stacks\/.*\.tf$/,
    find: /(resource "aws_cloudwatch_metric_alarm" "(?:nat_packet_drops|lambda_errors)" \{[\s\S]*?)\n\s*alarm_actions\s*= \[[^\]]*\]/,
    replace: '$1',
  },
  {
    rule: 'ENC-CW-002',
    description: "the alarm's metric name misspelt (singular)",
    files: /stacks\/.*\.tf$/,
    find: /metric_name(\s*)= "AuthenticationFailures"/,
    replace: 'metric_name$1= "AuthenticationFailure"',
  },
  {
    rule: 'ENC-LOGS-003',
    description: 'the authentication-failure filter pointed at the application log group (which nothing writes)',
    files: /stacks\/.*\.tf$/,
    find: /(resource "aws_cloudwatch_log_metric_filter" "auth_failures" \{[^}]*?log_group_name\s*= )aws_cloudwatch_log_group\.cloudtrail\.name/,
    replace: '$1aws_cloudwatch_log_group.application.name',
  },
  {
    rule: 'ENC-GD-002',
    description: 'GuardDuty S3 protection disabled to cut cost',
    files: /stacks\/.*\.tf$/,
    find: /(name\s*= "S3_DATA_EVENTS"\n\s*status\s*= )"ENABLED"/,
    replace: '$1"DISABLED"',
  },
  {
    rule: 'ENC-GD-002',
    description: "S3 Protection left out of the account baseline detector's features to cut cost",
    files: /stacks\/.*\.tf$/,
    find: /features(\s*)= \["S3_DATA_EVENTS", /,
    replace: 'features$1= [',
  },
  {
    rule: 'ENC-CT-004',
    description: 'the card-data buckets dropped from the trail\'s data events ("data events are costly")',
    files: /stacks\/.*\.tf$/,
    find: /data_event_bucket_arns(\s*)= \[[^\]]+\]/,
    replace: 'data_event_bucket_arns$1= []',
  },
  {
    rule: 'ENC-RDS-012',
    description: 'the API handed the RDS-managed master secret again ("one secret fewer")',
    files: /stacks\/.*\.tf$/,
    find: /DB_SECRET_ARN(\s*)= aws_secretsmanager_secret\.db_role\["app"\]\.arn/,
    replace: 'DB_SECRET_ARN$1= local.db_secret_arn',
  },
  {
    rule: 'ENC-LAMBDA-008',
    description: 'replace_security_groups_on_destroy dropped as "the provider default"',
    files: /(stacks|lambda-function)\/.*\.tf$/,
    find: /\n\s*replace_security_groups_on_destroy = true\n/,
    replace: '\n',
  },
  {
    rule: 'ENC-SM-002',
    description: 'a fixed, readable name for the token-key secret',
    files: /stacks\/.*\.tf$/,
    find: /name_prefix(\s*)= "secret-token-key-payment-api-\$\{local\.suffix\}-"/,
    replace: 'name$1= "secret-token-key-payment-api-${local.suffix}"',
  },
  // ── RDS ──
  {
    rule: 'ENC-RDS-006',
    description: 'minimum TLS lowered to 1.0 for an old client',
    files: /stacks\/.*\.tf$/,
    find: /(name\s*= "ssl_min_protocol_version"\n\s*value\s*= )"TLSv1\.2"/,
    replace: '$1"TLSv1"',
  },
  {
    rule: 'ENC-RDS-007',
    description: 'the postgresql log export dropped ("too noisy")',
    files: /stacks\/.*\.tf$/,
    find: /enabled_cloudwatch_logs_exports(\s*)= \["postgresql", "upgrade"\]/,
    replace: 'enabled_cloudwatch_logs_exports$1= ["upgrade"]',
  },
  {
    rule: 'ENC-RDS-008',
    description: 'Performance Insights left on the AWS managed key',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*performance_insights_kms_key_id\s*= [^\n]+/,
    replace: '',
  },
  {
    rule: 'ENC-RDS-009',
    description: 'the parameter-group family pinned to the previous major during an upgrade',
    files: /stacks\/.*\.tf$/,
    find: /family(\s*)= "postgres\$\{local\.db_major_version\}"/,
    replace: 'family$1= "postgres15"',
  },
  // ── names and S3 read semantics ──
  {
    rule: 'ENC-NAME-001',
    description: 'the environment validation relaxed to 40 characters',
    files: /stacks\/.*\/variables\.tf$/,
    find: /regex\("\^\[a-z0-9(-?)\]\{2,1[26]\}\$", var\.(environment\w*)\)/,
    replace: 'regex("^[a-z0-9$1]{2,40}$", var.$2)',
  },
  {
    rule: 'ENC-IAM-010',
    description:
      'the processor\'s ListBucket grant removed as "unused" (HeadObject of a missing output then answers 403)',
    files: /stacks\/.*\.tf$/,
    find: /\n\s*statement \{\n\s*sid\s*= "ListProcessedBucketSoMissingOutputsAre404"[\s\S]*?\n  \}\n/,
    replace: '\n',
  },
];

/**
 * Resources appended to the stack's main.tf: each a weak resource of its own (`when`: only where the files show it can
 * matter).
 */
const TF_APPENDS: { rule: string; description: string; hcl: string; when?: RegExp }[] = [
  {
    rule: 'ENC-DATA-001',
    description: 'an output carrying a test card number',
    hcl: 'output "mutant_sample" {\n  value = "4111 1111 1111 1111"\n}\n',
  },
  {
    rule: 'ENC-S3-001',
    description: 'a new bucket without versioning',
    hcl: 'resource "aws_s3_bucket" "mutant" {\n  bucket = "mutant-bucket"\n}\n',
  },
  {
    rule: 'ENC-S3-003',
    description: 'a new bucket without public access block',
    hcl: 'resource "aws_s3_bucket" "mutant" {\n  bucket = "mutant-bucket"\n}\n',
  },
  {
    rule: 'ENC-KMS-001',
    description: 'a new key without rotation',
    hcl: 'resource "aws_kms_key" "mutant" {\n  description = "mutant"\n}\n',
  },
  {
    rule: 'ENC-LOGS-001',
    description: 'a new log group without KMS',
    hcl: 'resource "aws_cloudwatch_log_group" "mutant" {\n  name              = "/mutant"\n  retention_in_days = 400\n}\n',
  },
  {
    rule: 'ENC-LOGS-002',
    description: 'a new log group kept a week',
    hcl: 'resource "aws_cloudwatch_log_group" "mutant" {\n  name              = "/mutant"\n  retention_in_days = 7\n}\n',
  },
  {
    rule: 'ENC-DDB-001',
    description: 'a new table without PITR',
    hcl: 'resource "aws_dynamodb_table" "mutant" {\n  name         = "mutant"\n  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "id"\n  attribute {\n    name = "id"\n    type = "S"\n  }\n}\n',
  },
  {
    rule: 'ENC-IAM-001',
    description: 'a role anyone can assume',
    hcl: 'resource "aws_iam_role" "mutant" {\n  name               = "mutant"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] })\n}\n',
  },
  {
    rule: 'ENC-VPC-002',
    description: 'SSH open to the internet on a VPC security group',
    hcl: 'resource "aws_security_group" "mutant" {\n  name   = "mutant"\n  vpc_id = "vpc-0123456789abcdef0"\n  ingress {\n    protocol    = "tcp"\n    from_port   = 22\n    to_port     = 22\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
  },
  {
    rule: 'ENC-SNS-001',
    description: 'a new topic without a customer-managed key',
    hcl: 'resource "aws_sns_topic" "mutant" {\n  name = "mutant"\n}\n',
  },
  {
    rule: 'ENC-SM-001',
    description: 'a new secret under the AWS managed key',
    hcl: 'resource "aws_secretsmanager_secret" "mutant" {\n  name = "mutant"\n}\n',
  },
  {
    rule: 'ENC-VPC-008',
    description: 'a new subnet that maps public IPs',
    hcl: 'resource "aws_subnet" "mutant" {\n  vpc_id                  = "vpc-0123456789abcdef0"\n  cidr_block              = "10.99.0.0/24"\n  map_public_ip_on_launch = true\n}\n',
  },
  {
    rule: 'ENC-GD-001',
    description: 'a disabled GuardDuty detector',
    hcl: 'resource "aws_guardduty_detector" "mutant" {\n  enable = false\n}\n',
  },
  {
    rule: 'ENC-IAM-010',
    description:
      'a NACL on the private subnets with the Linux ephemeral range 32768-65535 (Lambda replies use 1024-65535)',
    when: /vpc_config \{/,
    hcl: 'resource "aws_network_acl" "mutant" {\n  vpc_id     = module.network.vpc_id\n  subnet_ids = module.network.private_subnet_ids\n  ingress {\n    rule_no    = 100\n    protocol   = "tcp"\n    action     = "allow"\n    cidr_block = "10.0.0.0/8"\n    from_port  = 443\n    to_port    = 443\n  }\n  ingress {\n    rule_no    = 110\n    protocol   = "tcp"\n    action     = "allow"\n    cidr_block = "0.0.0.0/0"\n    from_port  = 32768\n    to_port    = 65535\n  }\n  egress {\n    rule_no    = 100\n    protocol   = "tcp"\n    action     = "allow"\n    cidr_block = "0.0.0.0/0"\n    from_port  = 443\n    to_port    = 443\n  }\n  egress {\n    rule_no    = 110\n    protocol   = "tcp"\n    action     = "allow"\n    cidr_block = "10.0.0.0/8"\n    from_port  = 1024\n    to_port    = 65535\n  }\n}\n',
  },
  {
    rule: 'ENC-VPC-012',
    description: 'SSH egress to anywhere for a debugging session',
    hcl: 'resource "aws_security_group" "mutant" {\n  name   = "mutant-debug"\n  vpc_id = "vpc-0123456789abcdef0"\n  egress {\n    protocol    = "tcp"\n    from_port   = 22\n    to_port     = 22\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
  },
  {
    rule: 'ENC-NAME-001',
    description: 'a security group named sg-… (AWS refuses the prefix)',
    hcl: 'resource "aws_security_group" "mutant" {\n  name   = "sg-mutant"\n  vpc_id = "vpc-0123456789abcdef0"\n}\n',
  },
  {
    rule: 'ENC-VPC-003',
    description: 'all egress to the internet',
    hcl: 'resource "aws_security_group" "mutant" {\n  name   = "mutant"\n  vpc_id = "vpc-0123456789abcdef0"\n  egress {\n    protocol    = "-1"\n    from_port   = 0\n    to_port     = 0\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
  },
];

/** -var overrides that weaken: a short retention left in from testing. */
const TF_VARS: { rule: string; description: string; name: string; value: string }[] = [
  {
    rule: 'ENC-LOGS-002',
    description: 'log retention variable overridden to 90 days',
    name: 'log_retention_in_days',
    value: '90',
  },
  {
    rule: 'ENC-RDS-003',
    description: 'backup retention variable overridden to 1 day',
    name: 'db_backup_retention_days',
    value: '1',
  },
  {
    rule: 'ENC-IAM-015',
    description: 'MFA for the human roles switched off by variable',
    name: 'require_mfa_for_human_roles',
    value: 'false',
  },
  {
    rule: 'ENC-LAMBDA-007',
    description: "the API's concurrency reserved at 50, as the spec once said",
    name: 'lambda_reserved_concurrency',
    value: '50',
  },
];

export interface EnvFiles {
  env: string;
  files: Record<string, string>;
  variables: Set<string>;
  main: string;
}

export function terraformMutations(env: EnvFiles): Mutation[] {
  const out: Mutation[] = [];
  const add = (
    rule: string,
    description: string,
    files: Record<string, string>,
    vars?: Record<string, string>,
    requiresApplicable?: boolean,
  ) => {
    out.push({
      id: `${env.env}#${out.length + 1}`,
      env: env.env,
      rule,
      description,
      files,
      ...(vars ? { vars } : {}),
      ...(requiresApplicable ? { requiresApplicable } : {}),
    });
  };
  for (const edit of TF_EDITS) {
    const global = new RegExp(edit.find.source, `${edit.find.flags.replace('g', '')}g`);
    const single = new RegExp(edit.find.source, edit.find.flags.replace('g', ''));
    const everywhere: Record<string, string> = {};
    for (const [path, text] of Object.entries(env.files)) {
      if (!edit.files.test(path)) continue;
      const matches = [...text.matchAll(global)];
      if (matches.length === 0) continue;
      if (edit.all) {
        const changed = text.replace(global, edit.replace);
        if (changed === text) continue;
        if (edit.everyFile) everywhere[path] = changed;
        else add(edit.rule, `${edit.description} (${path}, all ${matches.length})`, { [path]: changed });
        continue;
      }
      for (const m of matches.slice(0, 3)) {
        // Replace at the match's own position, so lookaheads see the text that follows it.
        const changed = text.slice(0, m.index) + text.slice(m.index).replace(single, edit.replace);
        if (changed === text) continue;
        const line = text.slice(0, m.index).split('\n').length;
        add(
          edit.rule,
          `${edit.description} (${path}:${line})`,
          { [path]: changed },
          edit.vars,
          edit.requiresApplicable,
        );
      }
    }
    if (Object.keys(everywhere).length > 0)
      add(edit.rule, `${edit.description} (${Object.keys(everywhere).join(', ')})`, everywhere);
  }
  for (const a of TF_APPENDS) {
    if (a.when && !Object.values(env.files).some((text) => a.when!.test(text))) continue;
    add(a.rule, a.description, { [env.main]: `${env.files[env.main]}\n${a.hcl}` });
  }
  for (const v of TF_VARS) if (env.variables.has(v.name)) add(v.rule, v.description, {}, { [v.name]: v.value });
  return out;
}

// ── CloudFormation ─────────────────────────────────────────────────────────────────────────────────────────────
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface CfnEdit {
  rule: string;
  description: string;
  type: string;
  apply(resource: Json, template: Json, id: string): boolean;
}

const CFN_EDITS: CfnEdit[] = [
  {
    rule: 'ENC-KMS-001',
    description: 'key rotation off',
    type: 'AWS::KMS::Key',
    apply: (r) => ((r.Properties.EnableKeyRotation = false), true),
  },
  {
    rule: 'ENC-KMS-002',
    description: 'conditions removed from service grants',
    type: 'AWS::KMS::Key',
    apply: (r) => {
      const s = (r.Properties.KeyPolicy?.Statement ?? []).filter((x: Json) => x.Principal?.Service && x.Condition);
      for (const x of s) delete x.Condition;
      return s.length > 0;
    },
  },
  {
    rule: 'ENC-S3-001',
    description: 'versioning removed',
    type: 'AWS::S3::Bucket',
    apply: (r) => (delete r.Properties.VersioningConfiguration, true),
  },
  {
    rule: 'ENC-S3-002',
    description: 'SSE-S3 instead of SSE-KMS',
    type: 'AWS::S3::Bucket',
    apply: (r) => {
      const d = r.Properties.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
      if (!d) return false;
      d.SSEAlgorithm = 'AES256';
      delete d.KMSMasterKeyID;
      return true;
    },
  },
  ...(['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const).map((flag) => ({
    rule: 'ENC-S3-003',
    description: `${flag} off`,
    type: 'AWS::S3::Bucket',
    apply: (r: Json) =>
      r.Properties.PublicAccessBlockConfiguration
        ? ((r.Properties.PublicAccessBlockConfiguration[flag] = false), true)
        : false,
  })),
  {
    rule: 'ENC-S3-004',
    description: 'TLS-deny statement removed',
    type: 'AWS::S3::BucketPolicy',
    apply: (r) => {
      const st: Json[] = r.Properties.PolicyDocument.Statement;
      const kept = st.filter((x) => !JSON.stringify(x.Condition ?? {}).includes('aws:SecureTransport'));
      r.Properties.PolicyDocument.Statement = kept;
      return kept.length < st.length;
    },
  },
  {
    rule: 'ENC-S3-005',
    description: 'wrong-encryption deny made to deny uploads without the header',
    type: 'AWS::S3::BucketPolicy',
    apply: (r) => {
      let changed = false;
      for (const x of r.Properties.PolicyDocument.Statement as Json[]) {
        if (x.Condition?.StringNotEqualsIfExists) {
          x.Condition.StringNotEquals = x.Condition.StringNotEqualsIfExists;
          delete x.Condition.StringNotEqualsIfExists;
          delete x.Condition.Null;
          changed = true;
        } else if (x.Condition?.Null && x.Condition?.StringNotEquals) {
          x.Condition.Null = Object.fromEntries(Object.keys(x.Condition.Null).map((k) => [k, 'true']));
          changed = true;
        }
      }
      return changed;
    },
  },
  {
    rule: 'ENC-S3-005',
    description: 'present-and-wrong header deny turned into StringNotEqualsIfExists (the old payment-files defect)',
    type: 'AWS::S3::BucketPolicy',
    apply: (r) => {
      let changed = false;
      for (const x of r.Properties.PolicyDocument.Statement as Json[]) {
        if (
          x.Condition?.Null &&
          x.Condition?.StringNotEquals &&
          Object.keys(x.Condition.StringNotEquals).some((k) => k.startsWith('s3:x-amz-server-side-encryption'))
        ) {
          x.Condition = { StringNotEqualsIfExists: x.Condition.StringNotEquals };
          changed = true;
        }
      }
      return changed;
    },
  },
  {
    rule: 'ENC-S3-006',
    description: 'delete deny removed from an audit bucket policy',
    type: 'AWS::S3::BucketPolicy',
    apply: (r) => {
      const st: Json[] = r.Properties.PolicyDocument.Statement;
      const kept = st.filter((x) => !(x.Effect === 'Deny' && JSON.stringify(x.Action).includes('DeleteObject')));
      r.Properties.PolicyDocument.Statement = kept;
      return kept.length < st.length;
    },
  },
  {
    rule: 'ENC-S3-007',
    description: 'audit lifecycle expires after 30 days',
    type: 'AWS::S3::Bucket',
    apply: (r) => {
      const rules: Json[] = r.Properties.LifecycleConfiguration?.Rules ?? [];
      const withExpiry = rules.filter((x) => x.ExpirationInDays !== undefined);
      for (const x of withExpiry) x.ExpirationInDays = 30;
      return withExpiry.length > 0;
    },
  },
  {
    rule: 'ENC-DDB-001',
    description: 'PITR off',
    type: 'AWS::DynamoDB::Table',
    apply: (r) => ((r.Properties.PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: false }), true),
  },
  {
    rule: 'ENC-DDB-002',
    description: 'table under the AWS owned key',
    type: 'AWS::DynamoDB::Table',
    apply: (r) => (delete r.Properties.SSESpecification, true),
  },
  {
    rule: 'ENC-LAMBDA-001',
    description: 'environment under the AWS managed key',
    type: 'AWS::Lambda::Function',
    apply: (r) => (r.Properties.KmsKeyArn ? (delete r.Properties.KmsKeyArn, true) : false),
  },
  {
    rule: 'ENC-LAMBDA-002',
    description: 'function out of the VPC',
    type: 'AWS::Lambda::Function',
    apply: (r) => (r.Properties.VpcConfig ? (delete r.Properties.VpcConfig, true) : false),
  },
  {
    rule: 'ENC-LAMBDA-003',
    description: 'deprecated runtime',
    type: 'AWS::Lambda::Function',
    apply: (r) => ((r.Properties.Runtime = 'nodejs16.x'), true),
  },
  {
    rule: 'ENC-LAMBDA-004',
    description: 'function no longer waits for its log group',
    type: 'AWS::Lambda::Function',
    apply: (r) => {
      const had = r.DependsOn !== undefined || r.Properties.LoggingConfig !== undefined;
      delete r.DependsOn;
      delete r.Properties.LoggingConfig;
      if (r.Properties.FunctionName) r.Properties.FunctionName = 'mutant-renamed';
      return had;
    },
  },
  {
    rule: 'ENC-LAMBDA-005',
    description: 'failed events dropped',
    type: 'AWS::Lambda::Function',
    apply: (r, t, id) => {
      const had = r.Properties.DeadLetterConfig !== undefined;
      delete r.Properties.DeadLetterConfig;
      for (const [k, v] of Object.entries(t.Resources as Json))
        if (v.Type === 'AWS::Lambda::EventInvokeConfig' && JSON.stringify(v.Properties.FunctionName).includes(id))
          delete t.Resources[k];
      return had || true;
    },
  },
  {
    rule: 'ENC-LOGS-001',
    description: 'log group without KMS',
    type: 'AWS::Logs::LogGroup',
    apply: (r) => (r.Properties.KmsKeyId ? (delete r.Properties.KmsKeyId, true) : false),
  },
  {
    rule: 'ENC-LOGS-002',
    description: 'log group kept 30 days',
    type: 'AWS::Logs::LogGroup',
    apply: (r) => ((r.Properties.RetentionInDays = 30), true),
  },
  {
    rule: 'ENC-CT-001',
    description: 'log file validation off',
    type: 'AWS::CloudTrail::Trail',
    apply: (r) => ((r.Properties.EnableLogFileValidation = false), true),
  },
  {
    rule: 'ENC-CT-002',
    description: 'trail without KMS',
    type: 'AWS::CloudTrail::Trail',
    apply: (r) => (r.Properties.KMSKeyId ? (delete r.Properties.KMSKeyId, true) : false),
  },
  {
    rule: 'ENC-VPC-002',
    description: 'ingress from 0.0.0.0/0',
    type: 'AWS::EC2::SecurityGroup',
    apply: (r) => (
      (r.Properties.SecurityGroupIngress ??= []).push({
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIp: '0.0.0.0/0',
      }),
      true
    ),
  },
  {
    rule: 'ENC-VPC-003',
    description: 'egress rules removed (AWS adds allow-all)',
    type: 'AWS::EC2::SecurityGroup',
    apply: (r) => (r.Properties.SecurityGroupEgress ? (delete r.Properties.SecurityGroupEgress, true) : false),
  },
  {
    rule: 'ENC-VPC-007',
    description: 'endpoint ingress opened to all TCP ports',
    type: 'AWS::EC2::SecurityGroupIngress',
    apply: (r) =>
      r.Properties.FromPort === 443 ? ((r.Properties.FromPort = 0), (r.Properties.ToPort = 65535), true) : false,
  },
  {
    rule: 'ENC-VPC-008',
    description: 'subnet maps public IPs',
    type: 'AWS::EC2::Subnet',
    apply: (r) => ((r.Properties.MapPublicIpOnLaunch = true), true),
  },
  {
    rule: 'ENC-VPC-006',
    description: 'flow log of rejected traffic only',
    type: 'AWS::EC2::FlowLog',
    apply: (r, t) => {
      for (const v of Object.values(t.Resources as Json))
        if (v.Type === 'AWS::EC2::FlowLog') v.Properties.TrafficType = 'REJECT';
      return r.Properties.TrafficType === 'REJECT';
    },
  },
  {
    rule: 'ENC-IAM-003',
    description: '12-hour sessions',
    type: 'AWS::IAM::Role',
    apply: (r) => ((r.Properties.MaxSessionDuration = 43200), true),
  },
  // Issue 15/16: how engineers really weaken the IAM and resource policies.
  {
    rule: 'ENC-KMS-005',
    description: '"the pipeline cannot update the key": kms:PutKeyPolicy back in the account-root statement',
    type: 'AWS::KMS::Key',
    apply: (r) => {
      const root = (r.Properties.KeyPolicy?.Statement ?? []).find(
        (x: Json) =>
          Array.isArray(x.Action) &&
          x.Action.includes('kms:ScheduleKeyDeletion') &&
          JSON.stringify(x.Principal).includes(':root'),
      );
      return root ? (root.Action.push('kms:PutKeyPolicy'), true) : false;
    },
  },
  {
    rule: 'ENC-KMS-004',
    description:
      'the function allowed to decrypt its environment under kms:EncryptionContext:LambdaFunctionName (Lambda sends aws:lambda:FunctionArn)',
    type: 'AWS::KMS::Key',
    apply: (r, t) => {
      const fn = Object.entries(t.Resources as Json).find(([, v]) => v.Type === 'AWS::Lambda::Function');
      if (!fn || !r.Properties.KeyPolicy) return false;
      r.Properties.KeyPolicy.Statement.push({
        Sid: 'FunctionDecryptsOwnEnvironment',
        Effect: 'Allow',
        Principal: { AWS: fn[1].Properties.Role },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:LambdaFunctionName': fn[1].Properties.FunctionName } },
      });
      return true;
    },
  },
  {
    rule: 'ENC-IAM-012',
    description: 'duty tag dropped from a role',
    type: 'AWS::IAM::Role',
    apply: (r) => {
      const tags: Json[] = r.Properties.Tags ?? [];
      const kept = tags.filter((x) => x.Key !== 'enclave:duty');
      r.Properties.Tags = kept;
      return kept.length < tags.length;
    },
  },
  {
    rule: 'ENC-IAM-015',
    description: 'MFA condition "relaxed" to BoolIfExists so CLI access keys work',
    type: 'AWS::IAM::Role',
    apply: (r) => {
      let changed = false;
      for (const x of r.Properties.AssumeRolePolicyDocument?.Statement ?? [])
        if (x.Condition?.Bool?.['aws:MultiFactorAuthPresent']) {
          x.Condition = { BoolIfExists: x.Condition.Bool };
          changed = true;
        }
      return changed;
    },
  },
  {
    rule: 'ENC-LAMBDA-006',
    description: 'SourceAccount dropped from the S3 invoke permission',
    type: 'AWS::Lambda::Permission',
    apply: (r) => (r.Properties.SourceAccount !== undefined ? (delete r.Properties.SourceAccount, true) : false),
  },
  {
    rule: 'ENC-IAM-010',
    description:
      '"only the processor reads incoming/" rewritten with NotPrincipal (which denies the processor\'s own session)',
    type: 'AWS::S3::BucketPolicy',
    apply: (r) => {
      const x = (r.Properties.PolicyDocument.Statement as Json[]).find(
        (s) =>
          s.Effect === 'Deny' &&
          s.Condition?.ArnNotEquals?.['aws:PrincipalArn'] &&
          JSON.stringify(s.Action).includes('GetObject'),
      );
      if (!x) return false;
      x.NotPrincipal = { AWS: x.Condition.ArnNotEquals['aws:PrincipalArn'] };
      delete x.Principal;
      delete x.Condition;
      return true;
    },
  },
  {
    rule: 'ENC-IAM-016',
    description: 'the deny that keeps uploads to the declared writers removed',
    type: 'AWS::S3::BucketPolicy',
    apply: (r) => {
      const st: Json[] = r.Properties.PolicyDocument.Statement;
      const kept = st.filter(
        (x) => !(x.Effect === 'Deny' && JSON.stringify(x.Action) === '"s3:PutObject"' && x.Condition?.ArnNotEquals),
      );
      r.Properties.PolicyDocument.Statement = kept;
      return kept.length < st.length;
    },
  },
  {
    rule: 'ENC-IAM-019',
    description: 'a second bucket policy for the audit bucket (for a new delivery statement)',
    type: 'AWS::S3::BucketPolicy',
    apply: (r, t, id) => {
      if (!JSON.stringify(r.Properties.PolicyDocument).includes('cloudtrail')) return false;
      t.Resources[`${id}Delivery`] = {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: r.Properties.Bucket,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ExtraDelivery',
                Effect: 'Allow',
                Principal: { Service: 'delivery.logs.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: '*',
              },
            ],
          },
        },
      };
      return true;
    },
  },
  {
    rule: 'ENC-IAM-014',
    description: 'the lookup role can also read the files bucket ("to debug a job")',
    type: 'AWS::IAM::Policy',
    apply: (r, t) => {
      const role = (r.Properties.Roles ?? [])[0]?.Ref;
      const duty =
        role && (t.Resources[role]?.Properties?.Tags ?? []).find((x: Json) => x.Key === 'enclave:duty')?.Value;
      const files = Object.entries(t.Resources as Json).find(
        ([, v]) =>
          v.Type === 'AWS::S3::Bucket' &&
          JSON.stringify(v.Properties.NotificationConfiguration ?? {}).includes('Lambda'),
      );
      if (duty !== 'monitoring' || !files) return false;
      r.Properties.PolicyDocument.Statement.push({
        Sid: 'Debug',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [files[0], 'Arn'] }, '/*']] },
      });
      return true;
    },
  },
  {
    rule: 'ENC-IAM-013',
    description: 'the lookup role may update the processor\'s configuration ("to change its log level")',
    type: 'AWS::IAM::Policy',
    apply: (r, t) => {
      const role = (r.Properties.Roles ?? [])[0]?.Ref;
      const duty =
        role && (t.Resources[role]?.Properties?.Tags ?? []).find((x: Json) => x.Key === 'enclave:duty')?.Value;
      const fn = Object.keys(t.Resources as Json).find((k) => t.Resources[k].Type === 'AWS::Lambda::Function');
      if (duty !== 'monitoring' || !fn) return false;
      r.Properties.PolicyDocument.Statement.push({
        Sid: 'TuneLogLevel',
        Effect: 'Allow',
        Action: 'lambda:UpdateFunctionConfiguration',
        Resource: { 'Fn::GetAtt': [fn, 'Arn'] },
      });
      return true;
    },
  },
  {
    rule: 'ENC-DATA-002',
    description: 'classification tag dropped from a bucket',
    type: 'AWS::S3::Bucket',
    apply: (r) => {
      const tags: Json[] = r.Properties.Tags ?? [];
      const kept = tags.filter((x) => x.Key !== 'enclave:classification');
      r.Properties.Tags = kept;
      return kept.length < tags.length;
    },
  },
  {
    rule: 'ENC-S3-006',
    description: 'lifecycle rewrites allowed again on the audit bucket ("retention changes through the stack")',
    type: 'AWS::S3::BucketPolicy',
    apply: (r) => {
      const x = (r.Properties.PolicyDocument.Statement as Json[]).find(
        (s) => s.Effect === 'Deny' && Array.isArray(s.Action) && s.Action.includes('s3:PutLifecycleConfiguration'),
      );
      if (!x) return false;
      x.Action = x.Action.filter((a: string) => a !== 's3:PutLifecycleConfiguration');
      return true;
    },
  },
  {
    rule: 'ENC-VPC-009',
    description: 'DNS hostnames turned off on the VPC',
    type: 'AWS::EC2::VPC',
    apply: (r) =>
      r.Properties.EnableDnsHostnames === true ? ((r.Properties.EnableDnsHostnames = false), true) : false,
  },
  {
    rule: 'ENC-VPC-010',
    description: 'the S3 gateway endpoint left off one private route table',
    type: 'AWS::EC2::VPCEndpoint',
    apply: (r) =>
      Array.isArray(r.Properties.RouteTableIds) &&
      r.Properties.RouteTableIds.length > 1 &&
      JSON.stringify(r.Properties.ServiceName).includes('.s3')
        ? (r.Properties.RouteTableIds.pop(), true)
        : false,
  },
  {
    rule: 'ENC-VPC-011',
    description: 'a private subnet routed straight to the internet gateway',
    type: 'AWS::EC2::Route',
    apply: (r, t) => {
      if (!r.Properties.NatGatewayId) return false;
      const igw = Object.keys(t.Resources).find((k) => t.Resources[k].Type === 'AWS::EC2::InternetGateway');
      if (!igw) return false;
      delete r.Properties.NatGatewayId;
      r.Properties.GatewayId = { Ref: igw };
      return true;
    },
  },
  {
    rule: 'ENC-VPC-012',
    description: 'SSH egress to anywhere for debugging',
    type: 'AWS::EC2::SecurityGroup',
    apply: (r) =>
      Array.isArray(r.Properties.SecurityGroupEgress)
        ? (r.Properties.SecurityGroupEgress.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }),
          true)
        : false,
  },
  {
    rule: 'ENC-DLV-001',
    description: 'the flow log no longer waits for the bucket policy',
    type: 'AWS::EC2::FlowLog',
    apply: (r) => (r.DependsOn !== undefined ? (delete r.DependsOn, true) : false),
  },
  {
    rule: 'ENC-DLV-001',
    description:
      'flow logs switched to Hive-compatible partitions for Athena (the policy allows AWSLogs/<account>/ only)',
    type: 'AWS::EC2::FlowLog',
    apply: (r) =>
      r.Properties.LogDestinationType === 's3'
        ? ((r.Properties.DestinationOptions = {
            FileFormat: 'parquet',
            HiveCompatiblePartitions: true,
            PerHourPartition: true,
          }),
          true)
        : false,
  },
  {
    rule: 'ENC-DLV-002',
    description: 'the CloudTrail decrypt grant removed from the key',
    type: 'AWS::KMS::Key',
    apply: (r) => {
      const st: Json[] = r.Properties.KeyPolicy?.Statement ?? [];
      const kept = st.filter(
        (x) =>
          !(
            JSON.stringify(x.Principal ?? {}).includes('cloudtrail') && JSON.stringify(x.Action).includes('kms:Decrypt')
          ),
      );
      r.Properties.KeyPolicy.Statement = kept;
      return kept.length < st.length;
    },
  },
  {
    rule: 'ENC-DLV-002',
    description: "the trail's key prefix renamed without the bucket policy",
    type: 'AWS::CloudTrail::Trail',
    apply: (r) => (r.Properties.S3KeyPrefix !== undefined ? ((r.Properties.S3KeyPrefix = 'trails'), true) : false),
  },
  {
    rule: 'ENC-DLV-004',
    description: 'the processor\'s log permission written out on the group ARN without ":*"',
    type: 'AWS::IAM::Policy',
    apply: (r) => {
      const st: Json[] = r.Properties.PolicyDocument?.Statement ?? [];
      const logs = st.find((x) => JSON.stringify(x.Action).includes('logs:PutLogEvents'));
      if (!logs) return false;
      logs.Resource = {
        'Fn::Sub':
          'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/payment-processing-processor-${EnvironmentSuffix}',
      };
      return true;
    },
  },
  {
    rule: 'ENC-DLV-005',
    description: 'the logs key statement scoped to another prefix of log groups',
    type: 'AWS::KMS::Key',
    apply: (r) => {
      const logs = (r.Properties.KeyPolicy?.Statement ?? []).find((x: Json) =>
        JSON.stringify(x.Principal ?? {}).includes('logs.'),
      );
      if (!logs?.Condition?.ArnLike) return false;
      logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'] = {
        'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/ecs/*',
      };
      return true;
    },
  },
  {
    rule: 'ENC-DLV-006',
    description: 'the audit-trail read statement removed from the key ("nobody uses it")',
    type: 'AWS::KMS::Key',
    apply: (r) => {
      const st: Json[] = r.Properties.KeyPolicy?.Statement ?? [];
      const kept = st.filter((x) => x.Sid !== 'AccountPrincipalsReadTheAuditTrailThroughS3');
      r.Properties.KeyPolicy.Statement = kept;
      return kept.length < st.length;
    },
  },
  {
    rule: 'ENC-CT-003',
    description: 'the trail made single-region',
    type: 'AWS::CloudTrail::Trail',
    apply: (r) =>
      r.Properties.IsMultiRegionTrail === true ? ((r.Properties.IsMultiRegionTrail = false), true) : false,
  },
  {
    rule: 'ENC-CT-003',
    description: 'the trail stopped logging',
    type: 'AWS::CloudTrail::Trail',
    apply: (r) => ((r.Properties.IsLogging = false), true),
  },
  {
    rule: 'ENC-NAME-001',
    description: 'a role renamed with its purpose spelt out (65 characters at the longest suffix)',
    type: 'AWS::IAM::Role',
    apply: (r) => {
      if (!r.Properties.RoleName) return false;
      r.Properties.RoleName = { 'Fn::Sub': 'payment-processing-log-archive-delivery-role-${EnvironmentSuffix}' };
      return true;
    },
  },
  {
    rule: 'ENC-IAM-010',
    description: 'the processor\'s ListBucket grant removed as "unused"',
    type: 'AWS::IAM::Policy',
    apply: (r) => {
      const st: Json[] = r.Properties.PolicyDocument?.Statement ?? [];
      const kept = st.filter((x) => x.Sid !== 'ListFilesBucketSoMissingOutputsAre404');
      r.Properties.PolicyDocument.Statement = kept;
      return kept.length < st.length;
    },
  },
];

export function cloudFormationMutations(env: string, file: string, text: string): Mutation[] {
  const template = JSON.parse(text) as Json;
  const out: Mutation[] = [];
  const seen = new Map<string, number>();
  for (const edit of CFN_EDITS) {
    for (const [id, resource] of Object.entries(template.Resources as Json)) {
      if (resource.Type !== edit.type) continue;
      const key = `${edit.rule}|${edit.description}`;
      if ((seen.get(key) ?? 0) >= 3) break;
      const copy = structuredClone(template);
      copy.Resources[id].Properties ??= {};
      if (!edit.apply(copy.Resources[id], copy, id)) continue;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      out.push({
        id: `${env}#${out.length + 1}`,
        env,
        rule: edit.rule,
        description: `${edit.description} (${id})`,
        files: { [file]: JSON.stringify(copy, null, 2) },
      });
      if (edit.rule === 'ENC-VPC-006') break;
    }
  }
  const withOutput = structuredClone(template);
  withOutput.Outputs = { ...(withOutput.Outputs ?? {}), MutantSample: { Value: '4242424242424242' } };
  out.push({
    id: `${env}#${out.length + 1}`,
    env,
    rule: 'ENC-DATA-001',
    description: 'an output carrying a test card number',
    files: { [file]: JSON.stringify(withOutput, null, 2) },
  });
  const withRole = structuredClone(template);
  withRole.Resources.MutantRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
      },
    },
  };
  out.push({
    id: `${env}#${out.length + 1}`,
    env,
    rule: 'ENC-IAM-001',
    description: 'a role anyone can assume',
    files: { [file]: JSON.stringify(withRole, null, 2) },
  });
  return out;
}

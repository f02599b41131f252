// The SAM transform (Transform: AWS::Serverless-2016-10-31), as the AWS SAM specification describes what each
// AWS::Serverless::* resource expands to, so the verifier sees the resources CloudFormation would create:
//   Function      → AWS::Lambda::Function, its execution role <Id>Role (unless Role is given: managed policies,
//                   inline statements and the SAM policy templates below), AutoPublishAlias version and alias, and per
//                   event: Api/HttpApi permissions (+ the implicit ServerlessRestApi / ServerlessHttpApi), S3 bucket
//                   notifications + permission, SQS/Kinesis/DynamoDB/MSK event source mappings, SNS subscriptions +
//                   permission, Schedule/EventBridgeRule/CloudWatchEvent rules + permission;
//   Api           → AWS::ApiGateway::RestApi, Deployment and Stage;
//   HttpApi       → AWS::ApiGatewayV2::Api and its $default Stage;
//   SimpleTable   → AWS::DynamoDB::Table;
//   LayerVersion  → AWS::Lambda::LayerVersion;
//   StateMachine  → AWS::StepFunctions::StateMachine and its role <Id>Role (events are not expanded);
//   Application   → a nested stack (AWS::CloudFormation::Stack), whose template is not loaded.
// Globals are merged first (maps by key, lists appended, scalars from the resource). What the transform cannot
// expand (an unknown policy template, an event type not listed) is a warning, and stays unknown.
import type { Diagnostic } from '../../types.ts';
import type { JsonNode } from '../json-positions.ts';
import {
  arr,
  field,
  getAtt,
  isIntrinsic,
  mergeGlobals,
  obj,
  ref,
  str,
  stringOf,
  sub,
  unknownNode,
  without,
  type Entry,
  type ObjectNode,
} from './nodes.ts';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

interface SamContext {
  resources: Map<string, Entry>;
  /** The template's resources as written (SAM resources before expansion). */
  originals: ReadonlyMap<string, Entry>;
  diagnostics: Diagnostic[];
  file: string;
  /** Ref targets SAM adds: `MyFunction.Alias` → the alias's logical id. */
  refAliases: Map<string, string>;
}

const MANAGED = (name: string, line: number) => sub(`arn:\${AWS::Partition}:iam::aws:policy/${name}`, line);

export function applySam(root: ObjectNode, file: string, diagnostics: Diagnostic[]): Map<string, string> {
  const resourcesEntry = root.entries.get('Resources');
  const refAliases = new Map<string, string>();
  if (resourcesEntry?.value.type !== 'object') return refAliases;
  const globals = field(root, 'Globals');
  const resources = new Map<string, Entry>();
  const original = new Map(resourcesEntry.value.entries);
  const ctx: SamContext = { resources, originals: original, diagnostics, file, refAliases };
  const isServerless = (entry: Entry) =>
    entry.value.type === 'object' && (stringOf(field(entry.value, 'Type')) ?? '').startsWith('AWS::Serverless::');
  // Plain resources first, so events can reach any bucket of the template; then each SAM resource's expansion.
  for (const [id, entry] of original) if (!isServerless(entry)) resources.set(id, entry);
  for (const [id, entry] of original) {
    if (!isServerless(entry) || entry.value.type !== 'object') continue;
    const type = stringOf(field(entry.value, 'Type'))!;
    const kind = type.slice('AWS::Serverless::'.length);
    const global = field(globals, kind);
    const properties = mergeGlobals(global ?? obj({}, entry.keyLine), field(entry.value, 'Properties'));
    const props = properties.type === 'object' ? properties : obj({}, entry.keyLine);
    const base = without(entry.value, ['Type', 'Properties']);
    const line = entry.keyLine;
    switch (kind) {
      case 'Function':
        expandFunction(id, props, base, line, ctx);
        break;
      case 'Api':
        expandApi(id, props, base, line, ctx);
        break;
      case 'HttpApi':
        expandHttpApi(id, props, base, line, ctx);
        break;
      case 'SimpleTable':
        expandSimpleTable(id, props, base, line, ctx);
        break;
      case 'LayerVersion':
        add(
          ctx,
          id,
          'AWS::Lambda::LayerVersion',
          renamed(props, { ContentUri: 'Content', RetentionPolicy: undefined }, line, (key, value) =>
            key === 'Content' ? codeLocation(value, 'layer') : value,
          ),
          base,
          line,
        );
        break;
      case 'StateMachine':
        expandStateMachine(id, props, base, line, ctx);
        break;
      case 'Application':
        add(
          ctx,
          id,
          'AWS::CloudFormation::Stack',
          obj(
            {
              TemplateURL: field(props, 'Location') ?? str('(SAM application)', line),
              Parameters: field(props, 'Parameters'),
              Tags: field(props, 'Tags'),
            },
            line,
          ),
          base,
          line,
        );
        break;
      default:
        warn(
          ctx,
          line,
          'cfn-sam-unsupported',
          `${id}: ${type} is not expanded by Enclave's SAM transform; it is left out of the model`,
        );
    }
  }
  resourcesEntry.value.entries.clear();
  for (const [id, entry] of resources) resourcesEntry.value.entries.set(id, entry);
  root.entries.delete('Globals');
  return refAliases;
}

function warn(ctx: SamContext, line: number, code: string, message: string): void {
  ctx.diagnostics.push({ severity: 'warning', code, message, location: { file: ctx.file, line } });
}

function add(
  ctx: SamContext,
  id: string,
  type: string,
  properties: ObjectNode | undefined,
  base: ObjectNode | undefined,
  line: number,
): void {
  const entries: Record<string, JsonNode | undefined> = { Type: str(type, line), Properties: properties };
  const resource = obj(entries, line);
  for (const [key, entry] of base?.entries ?? []) {
    if (key === 'Type' || key === 'Properties') continue;
    resource.entries.set(key, entry);
  }
  ctx.resources.set(id, { keyLine: line, value: resource });
}

/** The base attributes a generated resource shares with its SAM resource: Condition, DependsOn… not Metadata. */
function shared(base: ObjectNode): ObjectNode {
  return without(base, ['Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy']);
}

/** Properties copied under new names (undefined drops one); `map` may rewrite a value. */
function renamed(
  props: ObjectNode,
  names: Record<string, string | undefined>,
  line: number,
  map?: (key: string, value: JsonNode) => JsonNode | undefined,
): ObjectNode {
  const out = obj({}, line);
  for (const [key, entry] of props.entries) {
    const target = Object.hasOwn(names, key) ? names[key] : key;
    if (target === undefined) continue;
    const value = map ? map(target, entry.value) : entry.value;
    if (value !== undefined) out.entries.set(target, { keyLine: entry.keyLine, value });
  }
  return out;
}

/** SAM tags are a map; CloudFormation's are a list of { Key, Value }, and SAM adds lambda:createdBy. */
function tagList(tags: JsonNode | undefined, line: number): JsonNode {
  const items: JsonNode[] = [obj({ Key: str('lambda:createdBy', line), Value: str('SAM', line) }, line)];
  if (tags?.type === 'object' && !isIntrinsic(tags))
    for (const [key, entry] of tags.entries)
      items.push(obj({ Key: str(key, entry.keyLine), Value: entry.value }, entry.keyLine));
  return arr(items, line);
}

/** CodeUri / ContentUri: `s3://bucket/key`, { Bucket, Key, Version }, or a local path the package step would upload. */
function codeLocation(value: JsonNode, what: 'function' | 'layer'): JsonNode {
  const line = value.line;
  const [bucketKey, keyKey, versionKey] =
    what === 'function' ? ['S3Bucket', 'S3Key', 'S3ObjectVersion'] : ['S3Bucket', 'S3Key', 'S3ObjectVersion'];
  if (value.type === 'string') {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(value.value);
    // A local path: `sam package` uploads it to a bucket of the deployer's choosing, unknown here.
    if (!match)
      return obj(
        {
          [bucketKey]: unknownNode('sam package', 'S3Bucket', line),
          [keyKey]: unknownNode('sam package', value.value, line),
        },
        line,
      );
    return obj({ [bucketKey]: str(match[1]!, line), [keyKey]: str(match[2]!, line) }, line);
  }
  if (value.type === 'object' && !isIntrinsic(value))
    return obj(
      { [bucketKey]: field(value, 'Bucket'), [keyKey]: field(value, 'Key'), [versionKey]: field(value, 'Version') },
      line,
    );
  return value;
}

// ---- Function ------------------------------------------------------------------------------------------------------

const FUNCTION_RENAMES: Record<string, string | undefined> = {
  CodeUri: undefined,
  InlineCode: undefined,
  ImageUri: undefined,
  Policies: undefined,
  Events: undefined,
  AutoPublishAlias: undefined,
  AutoPublishAliasAllProperties: undefined,
  AutoPublishCodeSha256: undefined,
  VersionDescription: undefined,
  ProvisionedConcurrencyConfig: undefined,
  DeploymentPreference: undefined,
  PermissionsBoundary: undefined,
  AssumeRolePolicyDocument: undefined,
  RolePath: undefined,
  FunctionUrlConfig: undefined,
  EventInvokeConfig: undefined,
  Tags: undefined,
  DeadLetterQueue: undefined,
  Tracing: undefined,
  Role: undefined,
};

function expandFunction(id: string, props: ObjectNode, base: ObjectNode, line: number, ctx: SamContext): void {
  const fn = renamed(props, FUNCTION_RENAMES, line);
  const code = field(props, 'InlineCode')
    ? obj({ ZipFile: field(props, 'InlineCode') }, line)
    : field(props, 'ImageUri')
      ? obj({ ImageUri: field(props, 'ImageUri') }, line)
      : field(props, 'CodeUri')
        ? codeLocation(field(props, 'CodeUri')!, 'function')
        : undefined;
  if (code) fn.entries.set('Code', { keyLine: code.line, value: code });
  const tracing = field(props, 'Tracing');
  if (tracing) fn.entries.set('TracingConfig', { keyLine: tracing.line, value: obj({ Mode: tracing }, tracing.line) });
  const dlq = field(props, 'DeadLetterQueue');
  if (dlq)
    fn.entries.set('DeadLetterConfig', {
      keyLine: dlq.line,
      value: obj({ TargetArn: field(dlq, 'TargetArn') }, dlq.line),
    });
  fn.entries.set('Tags', { keyLine: line, value: tagList(field(props, 'Tags'), line) });
  const events = field(props, 'Events');
  const managed: JsonNode[] = [];
  let role = field(props, 'Role');
  if (!role) {
    role = getAtt(`${id}Role`, 'Arn', line);
    managed.push(MANAGED('service-role/AWSLambdaBasicExecutionRole', line));
    if (field(props, 'VpcConfig')) managed.push(MANAGED('service-role/AWSLambdaVPCAccessExecutionRole', line));
    if (tracing) managed.push(MANAGED('AWSXrayWriteOnlyAccess', line));
  }
  fn.entries.set('Role', { keyLine: role.line, value: role });
  add(ctx, id, 'AWS::Lambda::Function', fn, base, line);
  if (!field(props, 'Role')) {
    const statements: JsonNode[] = [];
    if (dlq) {
      const action = stringOf(field(dlq, 'Type')) === 'SNS' ? 'sns:Publish' : 'sqs:SendMessage';
      statements.push(allow([action], [field(dlq, 'TargetArn')!], dlq.line));
    }
    // Each polling event source needs its service's managed execution policy on the role.
    for (const event of events?.type === 'object' ? events.entries.values() : []) {
      const type = stringOf(field(event.value, 'Type'));
      if (type === 'SQS') managed.push(MANAGED('service-role/AWSLambdaSQSQueueExecutionRole', event.keyLine));
      else if (type === 'Kinesis') managed.push(MANAGED('service-role/AWSLambdaKinesisExecutionRole', event.keyLine));
      else if (type === 'DynamoDB') managed.push(MANAGED('service-role/AWSLambdaDynamoDBExecutionRole', event.keyLine));
      else if (type === 'MSK') managed.push(MANAGED('service-role/AWSLambdaMSKExecutionRole', event.keyLine));
    }
    executionRole(`${id}Role`, 'lambda.amazonaws.com', props, managed, statements, shared(base), line, ctx);
  }
  const alias = stringOf(field(props, 'AutoPublishAlias'));
  let target = ref(id, line);
  if (alias !== undefined) {
    const versionId = `${id}Version`;
    const aliasId = `${id}Alias${alias.replace(/[^A-Za-z0-9]/g, '')}`;
    add(
      ctx,
      versionId,
      'AWS::Lambda::Version',
      obj({ FunctionName: ref(id, line), Description: field(props, 'VersionDescription') }, line),
      shared(base),
      line,
    );
    add(
      ctx,
      aliasId,
      'AWS::Lambda::Alias',
      obj(
        {
          FunctionName: ref(id, line),
          FunctionVersion: getAtt(versionId, 'Version', line),
          Name: str(alias, line),
          ProvisionedConcurrencyConfig: field(props, 'ProvisionedConcurrencyConfig'),
        },
        line,
      ),
      shared(base),
      line,
    );
    ctx.refAliases.set(`${id}.Alias`, aliasId);
    ctx.refAliases.set(`${id}.Version`, versionId);
    target = ref(aliasId, line);
  }
  const url = field(props, 'FunctionUrlConfig');
  if (url) {
    add(
      ctx,
      `${id}Url`,
      'AWS::Lambda::Url',
      obj(
        {
          TargetFunctionArn: target,
          AuthType: field(url, 'AuthType'),
          Cors: field(url, 'Cors'),
          InvokeMode: field(url, 'InvokeMode'),
        },
        url.line,
      ),
      shared(base),
      url.line,
    );
    if (stringOf(field(url, 'AuthType')) === 'NONE') {
      add(
        ctx,
        `${id}UrlPublicPermissions`,
        'AWS::Lambda::Permission',
        obj(
          {
            Action: str('lambda:InvokeFunctionUrl', url.line),
            FunctionName: target,
            Principal: str('*', url.line),
            FunctionUrlAuthType: str('NONE', url.line),
          },
          url.line,
        ),
        shared(base),
        url.line,
      );
    }
  }
  if (events?.type === 'object')
    for (const [eventId, event] of events.entries) expandEvent(id, eventId, event, target, base, ctx);
}

function isAliasTarget(target: JsonNode, fnId: string): boolean {
  const name = stringOf(field(target, 'Ref'));
  return name !== undefined && name !== fnId;
}

function allow(actions: string[], resources: JsonNode[], line: number): JsonNode {
  return obj(
    {
      Effect: str('Allow', line),
      Action: arr(
        actions.map((a) => str(a, line)),
        line,
      ),
      Resource: arr(resources, line),
    },
    line,
  );
}

/** The role SAM makes for a function or state machine: trust, managed policies, inline and template policies. */
function executionRole(
  id: string,
  service: string,
  props: ObjectNode,
  managed: JsonNode[],
  statements: JsonNode[],
  base: ObjectNode,
  line: number,
  ctx: SamContext,
): void {
  const policies = field(props, 'Policies');
  const list = policies === undefined ? [] : policies.type === 'array' ? policies.items : [policies];
  const inline: JsonNode[] = [];
  for (const policy of list) {
    if (policy.type === 'string' || isIntrinsic(policy)) {
      // A managed policy: by name (AmazonS3ReadOnlyAccess) or by ARN.
      managed.push(
        policy.type === 'string' && !policy.value.startsWith('arn:') ? MANAGED(policy.value, policy.line) : policy,
      );
    } else if (policy.type === 'object' && policy.entries.has('Statement')) {
      inline.push(policy);
    } else if (policy.type === 'object' && policy.entries.size === 1) {
      const [name, entry] = [...policy.entries][0]!;
      const expanded = policyTemplate(name, entry.value, policy.line);
      if (expanded) statements.push(...expanded);
      else {
        warn(
          ctx,
          policy.line,
          'cfn-sam-policy-template',
          `${id}: the SAM policy template ${name} is not known to Enclave; what it grants is unknown`,
        );
        statements.push(
          obj(
            {
              Effect: str('Allow', policy.line),
              Action: unknownNode(`SAM policy template ${name}`, 'Action', policy.line),
              Resource: unknownNode(`SAM policy template ${name}`, 'Resource', policy.line),
            },
            policy.line,
          ),
        );
      }
    }
  }
  const documents = [...inline];
  if (statements.length > 0)
    documents.push(obj({ Version: str('2012-10-17', line), Statement: arr(statements, line) }, line));
  const trust =
    field(props, 'AssumeRolePolicyDocument') ??
    obj(
      {
        Version: str('2012-10-17', line),
        Statement: arr(
          [
            obj(
              {
                Effect: str('Allow', line),
                Action: arr([str('sts:AssumeRole', line)], line),
                Principal: obj({ Service: arr([str(service, line)], line) }, line),
              },
              line,
            ),
          ],
          line,
        ),
      },
      line,
    );
  const role = obj(
    {
      AssumeRolePolicyDocument: trust,
      ManagedPolicyArns: arr(managed, line),
      Policies:
        documents.length === 0
          ? undefined
          : arr(
              documents.map((document, i) =>
                obj({ PolicyName: str(`${id}Policy${i}`, document.line), PolicyDocument: document }, document.line),
              ),
              line,
            ),
      PermissionsBoundary: field(props, 'PermissionsBoundary'),
      Path: field(props, 'RolePath'),
      Tags: tagList(field(props, 'Tags'), line),
    },
    line,
  );
  add(ctx, id, 'AWS::IAM::Role', role, base, line);
}

/** The SAM policy templates configurations use most (their statements as policy_templates.json defines them). */
function policyTemplate(name: string, parameters: JsonNode, line: number): JsonNode[] | undefined {
  const param = (key: string) => field(parameters, key) ?? str('', line);
  const subWith = (text: string, vars: Record<string, string>) =>
    obj(
      {
        'Fn::Sub': arr(
          [str(text, line), obj(Object.fromEntries(Object.entries(vars).map(([k, p]) => [k, param(p)])), line)],
          line,
        ),
      },
      line,
    );
  const s3 = (actions: string[]) => [
    allow(
      actions,
      [
        subWith('arn:${AWS::Partition}:s3:::${bucketName}', { bucketName: 'BucketName' }),
        subWith('arn:${AWS::Partition}:s3:::${bucketName}/*', { bucketName: 'BucketName' }),
      ],
      line,
    ),
  ];
  const table = (actions: string[]) => [
    allow(
      actions,
      [
        subWith('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}', {
          tableName: 'TableName',
        }),
        subWith('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*', {
          tableName: 'TableName',
        }),
      ],
      line,
    ),
  ];
  const any = (actions: string[]) => [allow(actions, [str('*', line)], line)];
  switch (name) {
    case 'S3ReadPolicy':
      return s3([
        's3:GetObject',
        's3:ListBucket',
        's3:GetBucketLocation',
        's3:GetObjectVersion',
        's3:GetLifecycleConfiguration',
      ]);
    case 'S3WritePolicy':
      return s3(['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration']);
    case 'S3CrudPolicy':
      return s3([
        's3:GetObject',
        's3:ListBucket',
        's3:GetBucketLocation',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:PutObjectAcl',
        's3:GetLifecycleConfiguration',
        's3:PutLifecycleConfiguration',
        's3:DeleteObject',
      ]);
    case 'S3FullAccessPolicy':
      return s3([
        's3:GetObject',
        's3:GetObjectAcl',
        's3:GetObjectVersion',
        's3:PutObject',
        's3:PutObjectAcl',
        's3:DeleteObject',
        's3:DeleteObjectTagging',
        's3:DeleteObjectVersionTagging',
        's3:GetObjectTagging',
        's3:GetObjectVersionTagging',
        's3:PutObjectTagging',
        's3:PutObjectVersionTagging',
        's3:ListBucket',
        's3:GetBucketLocation',
        's3:GetLifecycleConfiguration',
        's3:PutLifecycleConfiguration',
      ]);
    case 'DynamoDBReadPolicy':
      return table([
        'dynamodb:GetItem',
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:BatchGetItem',
        'dynamodb:DescribeTable',
      ]);
    case 'DynamoDBWritePolicy':
      return table(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']);
    case 'DynamoDBCrudPolicy':
      return table([
        'dynamodb:GetItem',
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:BatchGetItem',
        'dynamodb:DescribeTable',
        'dynamodb:ConditionCheckItem',
      ]);
    case 'DynamoDBStreamReadPolicy':
      return [
        allow(
          ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          [
            subWith(
              'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/${streamName}',
              { tableName: 'TableName', streamName: 'StreamName' },
            ),
          ],
          line,
        ),
        allow(
          ['dynamodb:ListStreams'],
          [
            subWith('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/*', {
              tableName: 'TableName',
            }),
          ],
          line,
        ),
      ];
    case 'SQSSendMessagePolicy':
      return [
        allow(
          ['sqs:SendMessage*'],
          [
            subWith('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}', {
              queueName: 'QueueName',
            }),
          ],
          line,
        ),
      ];
    case 'SQSPollerPolicy':
      return [
        allow(
          [
            'sqs:ChangeMessageVisibility',
            'sqs:ChangeMessageVisibilityBatch',
            'sqs:DeleteMessage',
            'sqs:DeleteMessageBatch',
            'sqs:GetQueueAttributes',
            'sqs:ReceiveMessage',
          ],
          [
            subWith('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}', {
              queueName: 'QueueName',
            }),
          ],
          line,
        ),
      ];
    case 'SNSPublishMessagePolicy':
      return [
        allow(
          ['sns:Publish'],
          [
            subWith('arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${topicName}', {
              topicName: 'TopicName',
            }),
          ],
          line,
        ),
      ];
    case 'LambdaInvokePolicy':
      return [
        allow(
          ['lambda:InvokeFunction'],
          [
            subWith('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*', {
              functionName: 'FunctionName',
            }),
          ],
          line,
        ),
      ];
    case 'KMSDecryptPolicy':
      return [
        allow(
          ['kms:Decrypt'],
          [subWith('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${keyId}', { keyId: 'KeyId' })],
          line,
        ),
      ];
    case 'KMSEncryptPolicy':
      return [
        allow(
          ['kms:Encrypt'],
          [subWith('arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${keyId}', { keyId: 'KeyId' })],
          line,
        ),
      ];
    case 'SSMParameterReadPolicy':
      return [
        allow(['ssm:DescribeParameters'], [str('*', line)], line),
        allow(
          ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
          [
            subWith('arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${parameterName}', {
              parameterName: 'ParameterName',
            }),
          ],
          line,
        ),
      ];
    case 'AWSSecretsManagerGetSecretValuePolicy':
      return [allow(['secretsmanager:GetSecretValue'], [param('SecretArn')], line)];
    case 'StepFunctionsExecutionPolicy':
      return [
        allow(
          ['states:StartExecution'],
          [
            subWith('arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${stateMachineName}', {
              stateMachineName: 'StateMachineName',
            }),
          ],
          line,
        ),
      ];
    case 'EventBridgePutEventsPolicy':
      return [
        allow(
          ['events:PutEvents'],
          [
            subWith('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${eventBusName}', {
              eventBusName: 'EventBusName',
            }),
          ],
          line,
        ),
      ];
    case 'CloudWatchPutMetricPolicy':
      return any(['cloudwatch:PutMetricData']);
    case 'VPCAccessPolicy':
      return any([
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DetachNetworkInterface',
      ]);
    case 'KinesisStreamReadPolicy':
      return [
        allow(
          ['kinesis:ListStreams', 'kinesis:DescribeLimits'],
          [sub('arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/*', line)],
          line,
        ),
        allow(
          ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'],
          [
            subWith('arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${streamName}', {
              streamName: 'StreamName',
            }),
          ],
          line,
        ),
      ];
    default:
      return undefined;
  }
}

function permission(
  ctx: SamContext,
  id: string,
  target: JsonNode,
  principal: string,
  sourceArn: JsonNode | undefined,
  base: ObjectNode,
  line: number,
): void {
  add(
    ctx,
    id,
    'AWS::Lambda::Permission',
    obj(
      {
        Action: str('lambda:InvokeFunction', line),
        FunctionName: target,
        Principal: str(principal, line),
        SourceArn: sourceArn,
        SourceAccount: principal === 's3.amazonaws.com' ? ref('AWS::AccountId', line) : undefined,
      },
      line,
    ),
    shared(base),
    line,
  );
}

function expandEvent(
  fnId: string,
  eventId: string,
  event: Entry,
  target: JsonNode,
  base: ObjectNode,
  ctx: SamContext,
): void {
  const line = event.keyLine;
  const type = stringOf(field(event.value, 'Type'));
  const props = field(event.value, 'Properties') ?? obj({}, line);
  const id = `${fnId}${eventId}`;
  switch (type) {
    case 'S3': {
      const bucketRef = field(props, 'Bucket');
      const bucketId = bucketRef?.type === 'object' ? stringOf(field(bucketRef, 'Ref')) : undefined;
      const bucket = bucketId ? ctx.resources.get(bucketId) : undefined;
      permission(ctx, `${id}Permission`, target, 's3.amazonaws.com', undefined, base, line);
      if (bucket?.value.type !== 'object') {
        warn(
          ctx,
          line,
          'cfn-sam-event',
          `${fnId} event ${eventId}: the S3 bucket must be a resource of this template (SAM requires it)`,
        );
        return;
      }
      const events = field(props, 'Events');
      const names = events?.type === 'array' ? events.items : events ? [events] : [];
      const configs = names.map((name) =>
        obj(
          {
            Event: name,
            Function: isAliasTarget(target, fnId) ? target : getAtt(fnId, 'Arn', line),
            Filter: field(props, 'Filter'),
          },
          line,
        ),
      );
      const properties = (field(bucket.value, 'Properties') as ObjectNode | undefined) ?? obj({}, bucket.keyLine);
      const notification = (field(properties, 'NotificationConfiguration') as ObjectNode | undefined) ?? obj({}, line);
      const existing = field(notification, 'LambdaConfigurations');
      notification.entries.set('LambdaConfigurations', {
        keyLine: line,
        value: arr([...(existing?.type === 'array' ? existing.items : []), ...configs], line),
      });
      properties.entries.set('NotificationConfiguration', { keyLine: notification.line, value: notification });
      bucket.value.entries.set('Properties', { keyLine: properties.line, value: properties });
      const depends = field(bucket.value, 'DependsOn');
      bucket.value.entries.set('DependsOn', {
        keyLine: line,
        value: arr(
          [...(depends?.type === 'array' ? depends.items : depends ? [depends] : []), str(`${id}Permission`, line)],
          line,
        ),
      });
      return;
    }
    case 'SQS':
    case 'Kinesis':
    case 'DynamoDB':
    case 'MSK':
    case 'MQ':
    case 'DocumentDB': {
      const source = field(
        props,
        type === 'SQS'
          ? 'Queue'
          : type === 'MSK' || type === 'MQ' || type === 'DocumentDB'
            ? type === 'MSK'
              ? 'Stream'
              : 'Broker'
            : 'Stream',
      );
      add(
        ctx,
        id,
        'AWS::Lambda::EventSourceMapping',
        obj(
          {
            EventSourceArn: source,
            FunctionName: target,
            BatchSize: field(props, 'BatchSize'),
            Enabled: field(props, 'Enabled'),
            StartingPosition: field(props, 'StartingPosition'),
            FilterCriteria: field(props, 'FilterCriteria'),
            MaximumBatchingWindowInSeconds: field(props, 'MaximumBatchingWindowInSeconds'),
            FunctionResponseTypes: field(props, 'FunctionResponseTypes'),
            Topics: field(props, 'Topics'),
            Queues: field(props, 'Queues'),
          },
          line,
        ),
        shared(base),
        line,
      );
      return;
    }
    case 'SNS':
      add(
        ctx,
        id,
        'AWS::SNS::Subscription',
        obj(
          {
            Endpoint: getAtt(fnId, 'Arn', line),
            Protocol: str('lambda', line),
            TopicArn: field(props, 'Topic'),
            FilterPolicy: field(props, 'FilterPolicy'),
            Region: field(props, 'Region'),
          },
          line,
        ),
        shared(base),
        line,
      );
      permission(ctx, `${id}Permission`, target, 'sns.amazonaws.com', field(props, 'Topic'), base, line);
      return;
    case 'Schedule':
    case 'ScheduleV2':
    case 'CloudWatchEvent':
    case 'EventBridgeRule': {
      const enabled = field(props, 'Enabled');
      const state =
        field(props, 'State') ??
        (enabled?.type === 'boolean' ? str(enabled.value ? 'ENABLED' : 'DISABLED', enabled.line) : undefined);
      add(
        ctx,
        id,
        'AWS::Events::Rule',
        obj(
          {
            ScheduleExpression: field(props, 'Schedule') ?? field(props, 'ScheduleExpression'),
            EventPattern: field(props, 'Pattern'),
            EventBusName: field(props, 'EventBusName'),
            State: state,
            Name: field(props, 'Name'),
            Targets: arr(
              [
                obj(
                  {
                    Arn: getAtt(fnId, 'Arn', line),
                    Id: str(`${id}LambdaTarget`, line),
                    Input: field(props, 'Input'),
                    InputPath: field(props, 'InputPath'),
                  },
                  line,
                ),
              ],
              line,
            ),
          },
          line,
        ),
        shared(base),
        line,
      );
      permission(ctx, `${id}Permission`, target, 'events.amazonaws.com', getAtt(id, 'Arn', line), base, line);
      return;
    }
    case 'Api':
    case 'HttpApi': {
      const explicit = field(props, 'RestApiId') ?? field(props, 'ApiId');
      const apiId = explicit?.type === 'object' ? stringOf(field(explicit, 'Ref')) : undefined;
      const implicit = type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi';
      const api = apiId ?? implicit;
      if (!explicit && !ctx.resources.has(implicit)) {
        if (type === 'Api') {
          add(
            ctx,
            implicit,
            'AWS::ApiGateway::RestApi',
            obj(
              {
                Name: ref('AWS::StackName', line),
                Body: obj({ swagger: str('2.0', line), paths: obj({}, line) }, line),
              },
              line,
            ),
            undefined,
            line,
          );
          add(
            ctx,
            `${implicit}Deployment`,
            'AWS::ApiGateway::Deployment',
            obj({ RestApiId: ref(implicit, line) }, line),
            undefined,
            line,
          );
          add(
            ctx,
            `${implicit}ProdStage`,
            'AWS::ApiGateway::Stage',
            obj(
              {
                RestApiId: ref(implicit, line),
                DeploymentId: ref(`${implicit}Deployment`, line),
                StageName: str('Prod', line),
              },
              line,
            ),
            undefined,
            line,
          );
        } else {
          add(
            ctx,
            implicit,
            'AWS::ApiGatewayV2::Api',
            obj({ Name: ref('AWS::StackName', line), ProtocolType: str('HTTP', line) }, line),
            undefined,
            line,
          );
          add(
            ctx,
            `${implicit}ApiGatewayDefaultStage`,
            'AWS::ApiGatewayV2::Stage',
            obj(
              {
                ApiId: ref(implicit, line),
                StageName: str('$default', line),
                AutoDeploy: { type: 'boolean', line, value: true },
              },
              line,
            ),
            undefined,
            line,
          );
        }
      }
      const method = (stringOf(field(props, 'Method')) ?? 'ANY').toUpperCase();
      const path = stringOf(field(props, 'Path')) ?? '/';
      const arn =
        type === 'Api'
          ? `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${api}}/*/${method === 'ANY' ? '*' : method}${path.replace(/\{[^}]+\}/g, '*')}`
          : `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${api}}/*`;
      // SAM names a REST API event's permission after the stage too.
      const stage =
        type === 'Api'
          ? apiId
            ? (stringOf(field(field(ctx.originals.get(apiId)?.value, 'Properties'), 'StageName')) ?? '')
            : 'Prod'
          : '';
      permission(
        ctx,
        `${id}Permission${stage.replace(/[^A-Za-z0-9]/g, '')}`,
        target,
        'apigateway.amazonaws.com',
        sub(arn, line),
        base,
        line,
      );
      return;
    }
    default:
      warn(
        ctx,
        line,
        'cfn-sam-event',
        `${fnId} event ${eventId}: SAM event type ${type ?? '(none)'} is not expanded by Enclave; the permissions and mappings it would add are not in the model`,
      );
  }
}

// ---- Api, HttpApi, SimpleTable, StateMachine ---------------------------------------------------------------------

function expandApi(id: string, props: ObjectNode, base: ObjectNode, line: number, ctx: SamContext): void {
  const stage = field(props, 'StageName') ?? str('Prod', line);
  const stageName = stringOf(stage) ?? 'Stage';
  const definitionUri = field(props, 'DefinitionUri');
  add(
    ctx,
    id,
    'AWS::ApiGateway::RestApi',
    obj(
      {
        Name: field(props, 'Name') ?? ref('AWS::StackName', line),
        Body: field(props, 'DefinitionBody'),
        BodyS3Location: definitionUri
          ? definitionUri.type === 'object' && !isIntrinsic(definitionUri)
            ? obj({ Bucket: field(definitionUri, 'Bucket'), Key: field(definitionUri, 'Key') }, line)
            : undefined
          : undefined,
        EndpointConfiguration: endpointConfiguration(field(props, 'EndpointConfiguration'), line),
        Policy: field(field(props, 'Auth'), 'ResourcePolicy'),
        Description: field(props, 'Description'),
        DisableExecuteApiEndpoint: field(props, 'DisableExecuteApiEndpoint'),
        MinimumCompressionSize: field(props, 'MinimumCompressionSize'),
        BinaryMediaTypes: field(props, 'BinaryMediaTypes'),
        Mode: field(props, 'Mode'),
      },
      line,
    ),
    base,
    line,
  );
  add(
    ctx,
    `${id}Deployment`,
    'AWS::ApiGateway::Deployment',
    obj({ RestApiId: ref(id, line) }, line),
    shared(base),
    line,
  );
  const stageId = `${id}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage`;
  add(
    ctx,
    stageId,
    'AWS::ApiGateway::Stage',
    obj(
      {
        RestApiId: ref(id, line),
        DeploymentId: ref(`${id}Deployment`, line),
        StageName: stage,
        TracingEnabled: field(props, 'TracingEnabled'),
        MethodSettings: field(props, 'MethodSettings'),
        AccessLogSetting: field(props, 'AccessLogSetting'),
        CacheClusterEnabled: field(props, 'CacheClusterEnabled'),
        CacheClusterSize: field(props, 'CacheClusterSize'),
        Variables: field(props, 'Variables'),
        ClientCertificateId: field(props, 'ClientCertificateId'),
      },
      line,
    ),
    shared(base),
    line,
  );
  ctx.refAliases.set(`${id}.Stage`, stageId);
  ctx.refAliases.set(`${id}.Deployment`, `${id}Deployment`);
}

function endpointConfiguration(node: JsonNode | undefined, line: number): JsonNode | undefined {
  if (!node) return undefined;
  if (node.type === 'string' || isIntrinsic(node)) return obj({ Types: arr([node], line) }, line);
  return obj(
    {
      Types: field(node, 'Type') ? arr([field(node, 'Type')!], line) : undefined,
      VpcEndpointIds: field(node, 'VPCEndpointIds'),
    },
    line,
  );
}

function expandHttpApi(id: string, props: ObjectNode, base: ObjectNode, line: number, ctx: SamContext): void {
  add(
    ctx,
    id,
    'AWS::ApiGatewayV2::Api',
    obj(
      {
        Name: field(props, 'Name') ?? ref('AWS::StackName', line),
        ProtocolType: str('HTTP', line),
        Body: field(props, 'DefinitionBody'),
        CorsConfiguration:
          field(props, 'CorsConfiguration')?.type === 'object' ? field(props, 'CorsConfiguration') : undefined,
        DisableExecuteApiEndpoint: field(props, 'DisableExecuteApiEndpoint'),
        Description: field(props, 'Description'),
      },
      line,
    ),
    base,
    line,
  );
  const stageName = field(props, 'StageName') ?? str('$default', line);
  const stageId =
    stringOf(stageName) === '$default' || !field(props, 'StageName')
      ? `${id}ApiGatewayDefaultStage`
      : `${id}${(stringOf(stageName) ?? 'Stage').replace(/[^A-Za-z0-9]/g, '')}Stage`;
  add(
    ctx,
    stageId,
    'AWS::ApiGatewayV2::Stage',
    obj(
      {
        ApiId: ref(id, line),
        StageName: stageName,
        AutoDeploy: { type: 'boolean', line, value: true },
        AccessLogSettings: field(props, 'AccessLogSettings'),
        DefaultRouteSettings: field(props, 'DefaultRouteSettings'),
        RouteSettings: field(props, 'RouteSettings'),
        StageVariables: field(props, 'StageVariables'),
      },
      line,
    ),
    shared(base),
    line,
  );
  ctx.refAliases.set(`${id}.Stage`, stageId);
}

function expandSimpleTable(id: string, props: ObjectNode, base: ObjectNode, line: number, ctx: SamContext): void {
  const key = field(props, 'PrimaryKey');
  const name = field(key, 'Name') ?? str('id', line);
  const type = stringOf(field(key, 'Type')) ?? 'String';
  const attributeType = type === 'Number' ? 'N' : type === 'Binary' ? 'B' : 'S';
  const throughput = field(props, 'ProvisionedThroughput');
  add(
    ctx,
    id,
    'AWS::DynamoDB::Table',
    obj(
      {
        TableName: field(props, 'TableName'),
        AttributeDefinitions: arr([obj({ AttributeName: name, AttributeType: str(attributeType, line) }, line)], line),
        KeySchema: arr([obj({ AttributeName: name, KeyType: str('HASH', line) }, line)], line),
        ProvisionedThroughput: throughput,
        BillingMode: throughput ? undefined : str('PAY_PER_REQUEST', line),
        SSESpecification: field(props, 'SSESpecification'),
        PointInTimeRecoverySpecification: field(props, 'PointInTimeRecoverySpecification'),
        Tags:
          field(props, 'Tags')?.type === 'object'
            ? arr(
                [...(field(props, 'Tags') as ObjectNode).entries].map(([k, e]) =>
                  obj({ Key: str(k, e.keyLine), Value: e.value }, e.keyLine),
                ),
                line,
              )
            : undefined,
      },
      line,
    ),
    base,
    line,
  );
}

function expandStateMachine(id: string, props: ObjectNode, base: ObjectNode, line: number, ctx: SamContext): void {
  let role = field(props, 'Role');
  if (!role) {
    role = getAtt(`${id}Role`, 'Arn', line);
    executionRole(`${id}Role`, 'states.amazonaws.com', props, [], [], shared(base), line, ctx);
  }
  const definitionUri = field(props, 'DefinitionUri');
  add(
    ctx,
    id,
    'AWS::StepFunctions::StateMachine',
    obj(
      {
        StateMachineName: field(props, 'Name'),
        Definition: field(props, 'Definition'),
        DefinitionS3Location:
          definitionUri?.type === 'object' && !isIntrinsic(definitionUri) ? definitionUri : undefined,
        DefinitionSubstitutions: field(props, 'DefinitionSubstitutions'),
        RoleArn: role,
        StateMachineType: field(props, 'Type'),
        LoggingConfiguration: field(props, 'Logging'),
        TracingConfiguration: field(props, 'Tracing'),
        Tags:
          field(props, 'Tags')?.type === 'object'
            ? arr(
                [...(field(props, 'Tags') as ObjectNode).entries].map(([k, e]) =>
                  obj({ Key: str(k, e.keyLine), Value: e.value }, e.keyLine),
                ),
                line,
              )
            : undefined,
      },
      line,
    ),
    base,
    line,
  );
  if (field(props, 'Events'))
    warn(ctx, line, 'cfn-sam-event', `${id}: state machine events are not expanded by Enclave`);
}

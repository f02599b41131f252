// Inferred contracts, for functions whose code is not ours (no Enclave contract): what the configuration says the
// code calls. The services its execution role grants actions on, and the resources its environment variables name,
// are services the code calls; each one the network does not let it reach is a finding with the path that fails.
// Weaker than a contract (it cannot say which call, on which resource, with which request), so it only adds
// findings about reachability and never replaces the contract proof of our own bundles.
//
// Left out, because the code does not make these calls itself: what the Lambda service does with the role
// (writing the function's logs, managing its network interfaces, X-Ray segments, decrypting its environment,
// polling the queue or stream of an event source mapping, delivering failed events to its dead-letter queue or
// on-failure destination) and KMS calls S3, DynamoDB and the others make for the function (SSE-KMS) — a key counts
// only when a variable names one, as code that calls KMS itself does.
import type { SourceLocation } from '../../load/types.ts';
import { literalOf, symEquals, type Sym } from '../../model/iam/symbolic.ts';
import type { LambdaFunction, Model } from '../../model/model.ts';
import type { NetworkAnalysis } from '../network/index.ts';

export interface InferredService {
  /** The service as the network analysis names it (`s3`, `dynamodb`, `monitoring`). */
  service: string;
  /** Why the code is taken to call it, in a sentence, and where that was written. */
  because: string;
  location: SourceLocation;
}

/** IAM service prefixes whose network name differs. */
const NETWORK_NAME: Readonly<Record<string, string>> = { cloudwatch: 'monitoring', 'execute-api': 'execute-api' };

/** Actions the Lambda service performs with the role, not the code (AWSLambdaBasicExecutionRole, AWSLambdaVPCAccessExecutionRole…). */
const RUNTIME_ACTIONS = /^(logs:(CreateLogGroup|CreateLogStream|PutLogEvents)|ec2:(CreateNetworkInterface|DescribeNetworkInterfaces|DeleteNetworkInterface|AssignPrivateIpAddresses|UnassignPrivateIpAddresses|DescribeSubnets|DescribeSecurityGroups|DescribeVpcs)|xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets|GetSamplingStatisticSummaries)|iam:PassRole)$/i;

/** Actions an event source mapping's poller uses (the Lambda service reads the queue or stream for the function). */
const POLLER_ACTIONS = /^(sqs:(ReceiveMessage|DeleteMessage|GetQueueAttributes|ChangeMessageVisibility)|dynamodb:(GetRecords|GetShardIterator|DescribeStream|ListStreams|ListShards)|kinesis:(GetRecords|GetShardIterator|DescribeStream|DescribeStreamSummary|ListShards|ListStreams|SubscribeToShard|DescribeStreamConsumer)|kafka:.*|mq:.*)$/i;

/** What the Lambda service sends to a dead-letter queue or an on-failure destination for the function. */
const DELIVERY_ACTIONS = /^(sqs:SendMessage|sns:Publish|lambda:InvokeFunction|events:PutEvents|s3:PutObject)$/i;

/** Model kinds an environment variable may name, and the service the code reaches them through. */
const SERVICE_OF_KIND: Readonly<Record<string, string>> = {
  's3-bucket': 's3', 'dynamodb-table': 'dynamodb', 'sns-topic': 'sns', 'sqs-queue': 'sqs', secret: 'secretsmanager', 'kms-key': 'kms', 'kms-alias': 'kms', 'lambda-function': 'lambda', 'event-rule': 'events',
};

function actionText(action: Sym): string | undefined {
  const literal = literalOf(action);
  return literal !== undefined && /^[a-z0-9-]+:/i.test(literal) ? literal : undefined;
}

/** The services a function's code calls, as far as its role and environment tell. */
export function inferServices(model: Model, fn: LambdaFunction): InferredService[] {
  const found = new Map<string, InferredService>();
  const add = (service: string, because: string, location: SourceLocation) => { if (!found.has(service)) found.set(service, { service, because, location }); };
  const role = fn.role.target ? model.roles.find((r) => r.address === fn.role.target) : undefined;
  const polled = model.eventSourceMappings.some((m) => m.function.target === fn.address);
  const destinations = [fn.deadLetterTarget, ...fn.onFailure].flatMap((ref) => (ref.target ? [model.identities.get(ref.target)?.arn] : [])).filter((arn): arn is Sym => arn !== undefined);
  const onlyDestinations = (resources: Sym[] | undefined) => resources !== undefined && resources.length > 0 && resources.every((r) => destinations.some((d) => symEquals(d, r) === 'yes'));
  for (const policy of role?.policies ?? []) {
    for (const statement of policy.document?.statements ?? []) {
      if (statement.effect !== 'Allow' || statement.opaque) continue;
      const delivery = onlyDestinations(statement.resources);
      for (const action of statement.actions ?? []) {
        const text = actionText(action);
        // `*` or `s3*`-style wildcards across services say nothing about what the code calls.
        if (!text) continue;
        const prefix = text.split(':')[0]!.toLowerCase();
        if (RUNTIME_ACTIONS.test(text) || (polled && POLLER_ACTIONS.test(text)) || (delivery && DELIVERY_ACTIONS.test(text))) continue;
        // KMS through another service (SSE-KMS) is that service's call; a key the code uses itself is named below.
        if (prefix === 'kms') continue;
        add(NETWORK_NAME[prefix] ?? prefix, `its role ${role!.address} allows ${text} (${statement.origin})`, statement.location);
      }
    }
  }
  for (const [name, variable] of Object.entries(fn.variables ?? {})) {
    const target = variable.names ?? variable.ref.target;
    const object = target ? model.objects.get(target) : undefined;
    const service = object ? SERVICE_OF_KIND[object.kind] : undefined;
    if (service) add(service, `its environment variable ${name} names ${object!.address}`, variable.location);
  }
  return [...found.values()].sort((a, b) => a.service.localeCompare(b.service));
}

export interface InferredFinding {
  verdict: 'compliant' | 'non-compliant' | 'unknown';
  message: string;
  location: SourceLocation;
}

/** Each inferred service the function reaches, cannot reach (with the path that fails), or may reach. */
export function proveInferred(model: Model, network: NetworkAnalysis, fn: LambdaFunction): InferredFinding[] {
  const services = inferServices(model, fn);
  if (services.length === 0) return [];
  const reach = network.places.find((p) => p.place.address === fn.address);
  const out: InferredFinding[] = [];
  for (const { service, because, location } of services) {
    const r = reach?.services[service];
    if (!r) {
      out.push({ verdict: 'unknown', message: `${fn.address} calls ${service} (inferred: ${because}); whether it can reach it was not analysed`, location });
    } else if (r.verdict === 'reachable') {
      out.push({ verdict: 'compliant', message: `${fn.address} reaches ${service}, which it calls (inferred: ${because}): ${r.reason}`, location: r.location ?? location });
    } else if (r.verdict === 'unreachable') {
      out.push({ verdict: 'non-compliant', message: `${fn.address} calls ${service} (inferred: ${because}) but cannot reach it: ${r.reason} [path: ${r.path.join(' → ')}]; the call will time out at run time`, location: r.location ?? location });
    } else {
      out.push({ verdict: 'unknown', message: `${fn.address} calls ${service} (inferred: ${because}); whether it can reach it is known only after apply (${r.reason})`, location: r.location ?? location });
    }
  }
  return out;
}

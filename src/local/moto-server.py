"""moto server with the few corrections Enclave needs to behave as AWS does, then moto's own entry point.

Each correction names the AWS behaviour it restores; the emulator tests pin them.
"""
import os
import sys

# AWS managed policies (arn:aws:iam::aws:policy/...) exist in every account; moto loads them only when asked.
# The Terraform stacks attach some (AmazonRDSEnhancedMonitoringRole), and AttachRolePolicy fails without them.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

import fnmatch  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import threading  # noqa: E402

from urllib.parse import unquote  # noqa: E402

from moto.awslambda.responses import LambdaResponse  # noqa: E402
from moto.core.exceptions import JsonRESTError  # noqa: E402
from moto.iam.access_control import IAMRequest  # noqa: E402
from moto.dynamodb.responses import DynamoHandler  # noqa: E402
from moto.ec2.models.flow_logs import FlowLogsBackend  # noqa: E402
from moto.guardduty.models import Detector, GuardDutyBackend  # noqa: E402
from moto.ec2.exceptions import EC2ClientError  # noqa: E402
from moto.ec2.models.network_acls import NetworkAclBackend  # noqa: E402
from moto.ec2.models.security_groups import SecurityGroupRule  # noqa: E402
from moto.kms.responses import KmsResponse  # noqa: E402
from moto.kms.utils import _deserialize_ciphertext_blob  # noqa: E402
from moto.secretsmanager.responses import SecretsManagerResponse  # noqa: E402
from moto.sns.responses import SNSResponse  # noqa: E402
from moto.s3.exceptions import NoSuchUpload  # noqa: E402
from moto.s3.models import FakeBucket, S3Backend  # noqa: E402

_complete_multipart_upload = S3Backend.complete_multipart_upload


def complete_multipart_upload(self, bucket_name, multipart_id, body):
    # S3 answers CompleteMultipartUpload for an upload that was aborted with NoSuchUpload (404); moto 5.2.5 fails
    # with an internal error (500, an HTML page) on the missing upload id.
    if multipart_id not in self.get_bucket(bucket_name).multiparts:
        raise NoSuchUpload(upload_id=multipart_id)
    return _complete_multipart_upload(self, bucket_name, multipart_id, body)


S3Backend.complete_multipart_upload = complete_multipart_upload

_create_flow_logs = FlowLogsBackend.create_flow_logs
_flow_logs_signature = inspect.signature(_create_flow_logs)


def create_flow_logs(*args, **kwargs):
    # EC2 accepts an S3 destination with a folder, arn:aws:s3:::bucket/prefix/ (CreateFlowLogs, LogDestination);
    # moto 5.2.5 looks the whole "bucket/prefix/" up as a bucket name and reports it does not exist. The bucket
    # part is checked; the flow log keeps the destination as given. (moto calls this both by keyword, from the
    # EC2 API, and by position, from CloudFormation.)
    request = _flow_logs_signature.bind(*args, **kwargs)
    destination = request.arguments.get("log_destination")
    if request.arguments.get("log_destination_type") != "s3" or not destination or "/" not in destination.split(":", 5)[-1]:
        return _create_flow_logs(*args, **kwargs)
    request.arguments["log_destination"] = destination.split("/", 1)[0]
    flow_logs, unsuccessful = _create_flow_logs(*request.args, **request.kwargs)
    for flow_log in flow_logs:
        flow_log.log_destination = destination
    return flow_logs, unsuccessful


FlowLogsBackend.create_flow_logs = create_flow_logs

def _as_list(value):
    return value if isinstance(value, list) else [value]


def log_permissions_enabled_policy(target_bucket, target_prefix):
    # S3 server access logging into a bucket whose policy allows logging.s3.amazonaws.com s3:PutObject on the
    # log objects (the way for buckets with ACLs disabled). AWS evaluates the policy, so a resource such as
    # arn:aws:s3:::bucket/s3-access/* covers the target prefix s3-access/source-bucket/ and a single action may be a
    # string; moto 5.2.5 wants the resource spelt exactly bucket/<prefix>*, bucket/* or bucket, and refuses
    # PutBucketLogging otherwise.
    if not target_bucket.policy:
        return False
    sample = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}/{target_prefix or ''}log-object"
    for statement in _as_list(json.loads(target_bucket.policy.decode()).get("Statement", [])):
        principal = statement.get("Principal")
        services = _as_list(principal.get("Service", [])) if isinstance(principal, dict) else []
        actions = _as_list(statement.get("Action", []))
        if (
            statement.get("Effect") == "Allow"
            and "logging.s3.amazonaws.com" in services
            and any(fnmatch.fnmatchcase("s3:PutObject", action) for action in actions)
            and any(fnmatch.fnmatchcase(sample, resource) for resource in _as_list(statement.get("Resource", [])))
        ):
            return True
    return False


FakeBucket._log_permissions_enabled_policy = staticmethod(log_permissions_enabled_policy)


def bucket_permission(self, action, resource):
    # moto 5.2.5 checks a bucket's policy on object requests (GET/PUT/HEAD/DELETE) but evaluates no condition: a
    # Deny that applies only to plain HTTP (aws:SecureTransport), to uploads without SSE-KMS
    # (s3:x-amz-server-side-encryption) or to requests from outside a VPC endpoint (aws:SourceVpce) then refuses
    # every request, which AWS never does. moto cannot know those request facts (the emulator is plain HTTP, has no
    # VPC endpoints), so statements with a Condition are left out: they are proven by `enclave verify` and on a
    # real account, and the deployed suites say so. Statements without one are evaluated as moto does.
    from moto.iam.access_control import IAMPolicy, PermissionResult

    if self.policy is None:
        return PermissionResult.NEUTRAL
    document = json.loads(self.policy.decode())
    statements = [statement for statement in _as_list(document.get("Statement", [])) if "Condition" not in statement]
    if not statements:
        return PermissionResult.NEUTRAL
    return IAMPolicy(json.dumps({**document, "Statement": statements})).is_action_permitted(action, resource)


FakeBucket.get_permission = bucket_permission


def security_rule_description(self):
    # DescribeSecurityGroupRules returns each rule's description, including rules that name a security group
    # instead of a CIDR; moto 5.2.5 keeps those rules' description with the group reference and reports none.
    return self.ip_range.get("Description") or (self.source_group or {}).get("Description")


SecurityGroupRule.description = property(security_rule_description)

_network_acl_entries = threading.Lock()


def delete_network_acl_entry(self, network_acl_id, rule_number, egress):
    # EC2 answers DeleteNetworkAclEntry for an entry that is not there with InvalidNetworkAclEntry.NotFound (which
    # Terraform takes as already deleted); moto 5.2.5 fails with an internal error (StopIteration, a 500). The
    # server is threaded and Terraform deletes rules of one ACL in parallel, and moto's scan of the entry list races
    # the removals, so the lookup and removal are also done under one lock.
    with _network_acl_entries:
        network_acl = self.get_network_acl(network_acl_id)
        for entry in list(network_acl.network_acl_entries):
            if entry.egress == egress and entry.rule_number == rule_number:
                network_acl.network_acl_entries.remove(entry)
                return entry
    raise EC2ClientError(
        "InvalidNetworkAclEntry.NotFound",
        f"The network acl entry identified by {rule_number} ({'egress' if egress == 'true' or egress is True else 'ingress'}) does not exist in {network_acl_id}",
    )


NetworkAclBackend.delete_network_acl_entry = delete_network_acl_entry

_create_network_acl_entry = NetworkAclBackend.create_network_acl_entry


def create_network_acl_entry(self, *args, **kwargs):
    # Check-and-append under the same lock, so a create never interleaves with a delete's scan of the list.
    with _network_acl_entries:
        return _create_network_acl_entry(self, *args, **kwargs)


NetworkAclBackend.create_network_acl_entry = create_network_acl_entry

# IAM authorizes an action on the resource it names. When IAM checks are on (INITIAL_NO_AUTH_ACTION_COUNT), moto
# 5.2.5 names the resource only for S3, SQS, IAM and STS requests; for every other service it checks the caller's
# policies against "*", so a grant scoped to a table, key or function never matches and is refused, and a deny
# scoped to one never applies. These name the resource for DynamoDB (table, or table index for Query and Scan),
# KMS (the key, from KeyId or, for Decrypt, from the ciphertext), Lambda (the function), Secrets Manager (the
# secret) and SNS (the topic), as AWS does (Service Authorization Reference: "Resource types defined by Amazon
# DynamoDB / AWS KMS / AWS Lambda / AWS Secrets Manager / Amazon SNS").
def _partition(region):
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"


def dynamodb_resource(self):
    body = self.body if isinstance(self.body, dict) else {}
    table = body.get("TableName")
    if not isinstance(table, str) or not table:
        return "*"
    arn = table if table.startswith("arn:") else f"arn:{_partition(self.region)}:dynamodb:{self.region}:{self.current_account}:table/{table}"
    index = body.get("IndexName")
    return f"{arn}/index/{index}" if index and self._get_action() in ("Query", "Scan") else arn


def kms_resource(self):
    try:
        key_id = self._get_param("KeyId")
        if not key_id and self._get_param("CiphertextBlob"):
            key_id = _deserialize_ciphertext_blob(self._get_param("CiphertextBlob")).key_id
        if not key_id:
            return "*"
        return self.kms_backend.keys[self.kms_backend.any_id_to_key_id(key_id)].arn
    except Exception:  # an unknown key: the action fails on its own, with KMS's own error
        return "*"


def lambda_resource(self):
    match = re.search(r"/functions/([^/?]+)", unquote(self.path))
    if not match:
        return "*"
    name = match.group(1)
    if name.startswith("arn:"):
        return ":".join(name.split(":")[:7])
    return f"arn:{_partition(self.region)}:lambda:{self.region}:{self.current_account}:function:{name.split(':')[0]}"


def secretsmanager_resource(self):
    try:
        secret_id = self._get_param("SecretId")
        return self.backend.describe_secret(secret_id).arn if secret_id else "*"
    except Exception:  # an unknown secret: the action fails on its own, with Secrets Manager's own error
        return "*"


def sns_resource(self):
    topic = self._get_param("TopicArn") or self._get_param("TargetArn")
    return topic if isinstance(topic, str) and topic.startswith("arn:") else "*"


DynamoHandler._determine_resource = dynamodb_resource
SNSResponse._determine_resource = sns_resource
SecretsManagerResponse._determine_resource = secretsmanager_resource

_raise_access_denied = IAMRequest._raise_access_denied


def raise_access_denied(self):
    # A refusal by IAM comes back in the service's own protocol: AccessDeniedException as JSON for the JSON
    # services (DynamoDB, KMS, Lambda…). moto 5.2.5 answers every service but S3 and EC2 with IAM's XML error, which
    # an SDK for a JSON service cannot even parse.
    if self._headers.get("X-Amz-Target") or self._service == "lambda":
        raise JsonRESTError(
            "AccessDeniedException",
            f"User: {self._access_key.arn} is not authorized to perform: {self._action}",
        )
    return _raise_access_denied(self)


IAMRequest._raise_access_denied = raise_access_denied

# IAM actions that are not named after their API operation (Service Authorization Reference, AWS Lambda: the Invoke
# API is authorized by lambda:InvokeFunction). moto 5.2.5 checks "<service>:<operation>", so no policy could allow
# an invocation.
IAM_ACTION_OF_OPERATION = {"lambda:Invoke": "lambda:InvokeFunction", "lambda:InvokeWithResponseStream": "lambda:InvokeFunction"}
_iam_request_init = IAMRequest.__init__


def iam_request_init(self, *args, **kwargs):
    _iam_request_init(self, *args, **kwargs)
    self._action = IAM_ACTION_OF_OPERATION.get(self._action, self._action)


IAMRequest.__init__ = iam_request_init
KmsResponse._determine_resource = kms_resource
LambdaResponse._determine_resource = lambda_resource

_create_detector = GuardDutyBackend.create_detector


def create_detector(self, *args, **kwargs):
    # GuardDuty allows one detector per account and Region: CreateDetector where one exists is refused with
    # BadRequestException (API_CreateDetector: "You can have only one detector per account per Region"). moto 5.2.5
    # creates a second, so a stack that creates a detector unconditionally would pass here and fail on every account
    # where GuardDuty is on.
    if self.detectors:
        raise DetectorAlreadyExists()
    return _create_detector(self, *args, **kwargs)


class DetectorAlreadyExists(JsonRESTError):
    code = 400

    def __init__(self):
        super().__init__("BadRequestException", "The request is rejected because a detector already exists for the current account.")


GuardDutyBackend.create_detector = create_detector

# GuardDuty's UpdateDetector changes only the features it names (the Terraform provider manages each feature as its own
# aws_guardduty_detector_feature, one UpdateDetector per feature); moto 5.2.5 replaces the whole list, so with two
# feature resources the one applied first disappears and reading it back fails ("empty result").
_detector_update = Detector.update


def detector_update(self, enable, finding_publishing_frequency, data_sources, features):
    if features is not None:
        named = {f.get("name", f.get("Name")): f for f in features}
        kept = [f for f in (self.features or []) if f.get("name", f.get("Name")) not in named]
        features = kept + list(features)
    return _detector_update(self, enable, finding_publishing_frequency, data_sources, features)


Detector.update = detector_update

# Lambda reports a VPC function's VpcConfig.VpcId; moto 5.2.5 answers a fixed "vpc-123abc", so the AWS provider's
# replace_security_groups_on_destroy (it looks up that VPC's default security group to move the function's network
# interfaces to) fails every destroy with "finding VPC (vpc-123abc) default security group: empty result". The VPC
# is the one the function's subnets are in, as in AWS.
from moto.awslambda.models import LambdaFunction  # noqa: E402
from moto.ec2.models import ec2_backends  # noqa: E402


def lambda_vpc_config(self):
    if not self._vpc_config:
        return None
    config = self._vpc_config.copy()
    if config.get("SecurityGroupIds"):
        vpc_id = "vpc-123abc"
        try:
            subnets = config.get("SubnetIds") or []
            if subnets:
                vpc_id = ec2_backends[self.account_id][self.region].get_subnet(subnets[0]).vpc_id
        except Exception:  # an unknown subnet: keep moto's answer
            pass
        config["VpcId"] = vpc_id
    return config


LambdaFunction.vpc_config = property(lambda_vpc_config)

# A retried request is answered with the answer its first attempt got. The AWS SDKs give every attempt of one
# operation call the same amz-sdk-invocation-id and count the attempts in amz-sdk-request ("attempt=2; max=25"), and
# they retry a request whose answer they lost on the way back, whatever the operation. On this machine the AWS
# provider loses answers that moto did send: aws-sdk-go-v2 closes the request body once it has the response headers;
# when Go's transport writer goroutine (late on a loaded machine) then finishes the body, the closed body reports
# io.EOF, the transport takes that for a failed write and closes the connection while the response body is still
# being read; the SDK sees "use of closed network connection", which it retries (aws/aws-sdk-go-v2#2737, #2949). The
# operation was performed, so the second attempt of CreateSubnet, AuthorizeSecurityGroupIngress or
# CreateNetworkAclEntry reports that the thing "already exists", and of DeleteRoute that it is not found, and the
# orphan of a create that Terraform never recorded keeps the VPC from being deleted. The request the client
# retries got its answer: AWS's own answer to it. So an attempt after the first, with the same invocation id and
# byte-identical request (method, path, query, target, credential scope, body), gets the recorded answer, and moto
# does not perform it twice. Nothing else is answered from the record: another call (a new invocation id) that
# creates the same thing again still conflicts; a first answer that was a server error (5xx, which the SDKs retry
# on purpose) is not recorded; reads (GET, HEAD) are performed again. Each replay is logged and marked with the
# x-enclave-emulator-replay header.
import collections  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import time  # noqa: E402

from moto.moto_server.werkzeug_app import DomainDispatcherApplication  # noqa: E402

REPLAY_HEADER = "x-enclave-emulator-replay"
_RECORD_SECONDS = 900  # longer than the SDKs' whole retry budget (25 attempts, backoff capped at 20 s)
_RECORD_ENTRIES = 4096
_RECORD_BODY_BYTES = 1 << 20  # a larger answer is not recorded: its retry is performed again
_RECORD_TOTAL_BYTES = 64 << 20
_answers = collections.OrderedDict()  # invocation id -> (recorded at, fingerprint, status, headers, body)
_answers_bytes = 0
_answers_lock = threading.Lock()
_ATTEMPT = re.compile(r"(?:^|;)\s*attempt=(\d+)")
_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/([^/,\s]+)/")


def _request_body(environ):
    stream = environ["wsgi.input"]
    length = environ.get("CONTENT_LENGTH")
    if length:
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _fingerprint(environ, body):
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    parts = [
        environ.get("REQUEST_METHOD", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("HTTP_X_AMZ_TARGET", ""),
        environ.get("CONTENT_TYPE", ""),
        "/".join(scope.groups()) if scope else "",
    ]
    digest = hashlib.sha256("\n".join(parts).encode())
    digest.update(body)
    return digest.hexdigest()


def _operation(environ, body):
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target
    action = re.match(rb"Action=([A-Za-z0-9]+)", body)
    return action.group(1).decode() if action else f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"


def _record(invocation, fingerprint, status, headers, payload):
    global _answers_bytes
    now = time.monotonic()
    with _answers_lock:
        replaced = _answers.pop(invocation, None)
        if replaced:
            _answers_bytes -= len(replaced[4])
        _answers[invocation] = (now, fingerprint, status, headers, payload)
        _answers_bytes += len(payload)
        while _answers and (
            len(_answers) > _RECORD_ENTRIES
            or _answers_bytes > _RECORD_TOTAL_BYTES
            or next(iter(_answers.values()))[0] < now - _RECORD_SECONDS
        ):
            _answers_bytes -= len(_answers.popitem(last=False)[1][4])


_dispatch = DomainDispatcherApplication.__call__


def answer_retries_once(self, environ, start_response):
    invocation = environ.get("HTTP_AMZ_SDK_INVOCATION_ID")
    if not invocation or environ.get("REQUEST_METHOD") in ("GET", "HEAD", "OPTIONS"):
        return _dispatch(self, environ, start_response)
    body = _request_body(environ)
    fingerprint = _fingerprint(environ, body)
    attempt = _ATTEMPT.search(environ.get("HTTP_AMZ_SDK_REQUEST", ""))
    attempt = int(attempt.group(1)) if attempt else 1
    with _answers_lock:
        recorded = _answers.get(invocation)
    if attempt > 1 and recorded and recorded[1] == fingerprint:
        _, _, status, headers, payload = recorded
        sys.stderr.write(
            f"emulator: answered attempt {attempt} of {_operation(environ, body)} (invocation {invocation}) with the "
            f"answer already sent to an earlier attempt ({status}): the client lost it, moto performed it once\n"
        )
        start_response(status, [*headers, (REPLAY_HEADER, f"attempt {attempt}")])
        return [payload]
    answer = {}

    def record_status(status, headers, exc_info=None):
        answer.update(status=status, headers=list(headers))
        return start_response(status, headers, exc_info)

    chunks = _dispatch(self, environ, record_status)
    try:
        payload = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    status = answer.get("status", "")
    if status[:1] in "1234" and status and len(payload) <= _RECORD_BODY_BYTES:
        _record(invocation, fingerprint, status, answer["headers"], payload)
    return [payload]


DomainDispatcherApplication.__call__ = answer_retries_once

# Each answer leaves in one write, status line and headers together with the body. The werkzeug server moto runs on
# sends the headers, then the body, in two writes; between them other request threads take the GIL, so on a loaded
# machine the body follows the headers by milliseconds. That gap is when the AWS provider's transport (above) can
# close the connection under its own reader; with the whole answer in one write, a small answer is complete in the
# client's read buffer before the SDK looks at the headers, and the client never has to read it again from the
# socket. (An informational "100 Continue" is still sent at once: the client waits for it before sending the body.)
from moto.moto_server.werkzeug_app import MotoRequestHandler  # noqa: E402


class _OneWriteAnswer(io.BufferedIOBase):
    """The handler's output: headers are held back and leave with the first body write, or at the flush."""

    def __init__(self, raw):
        super().__init__()
        self._raw = raw
        self._held = b""

    def writable(self):
        return True

    def hold(self, data):
        self._held += data

    def write(self, data):
        size = len(data)
        if self._held:
            data, self._held = self._held + bytes(data), b""
        self._raw.write(data)
        return size

    def flush(self):
        if self._held:
            held, self._held = self._held, b""
            self._raw.write(held)
        self._raw.flush()

    def close(self):
        if not self.closed:
            try:
                self.flush()
            finally:
                super().close()
                self._raw.close()


_handler_setup = MotoRequestHandler.setup


def handler_setup(self):
    _handler_setup(self)
    self.wfile = _OneWriteAnswer(self.wfile)


def flush_headers(self):
    if hasattr(self, "_headers_buffer"):
        headers = b"".join(self._headers_buffer)
        self._headers_buffer = []
        informational = re.match(rb"HTTP/\S+ 1\d\d", headers) is not None
        if isinstance(self.wfile, _OneWriteAnswer) and not informational:
            self.wfile.hold(headers)
        else:
            self.wfile.write(headers)


MotoRequestHandler.setup = handler_setup
MotoRequestHandler.flush_headers = flush_headers


if __name__ == "__main__":
    from moto.server import main

    sys.argv[0] = "moto_server"
    sys.exit(main())

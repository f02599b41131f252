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

from moto.ec2.models.flow_logs import FlowLogsBackend  # noqa: E402
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

if __name__ == "__main__":
    from moto.server import main

    sys.argv[0] = "moto_server"
    sys.exit(main())

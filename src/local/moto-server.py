"""moto server with the few corrections Enclave needs to behave as AWS does, then moto's own entry point.

Each correction names the AWS behaviour it restores; the emulator tests pin them.
"""
import sys

from moto.s3.exceptions import NoSuchUpload
from moto.s3.models import S3Backend

_complete_multipart_upload = S3Backend.complete_multipart_upload


def complete_multipart_upload(self, bucket_name, multipart_id, body):
    # S3 answers CompleteMultipartUpload for an upload that was aborted with NoSuchUpload (404); moto 5.2.5 fails
    # with an internal error (500, an HTML page) on the missing upload id.
    if multipart_id not in self.get_bucket(bucket_name).multiparts:
        raise NoSuchUpload(upload_id=multipart_id)
    return _complete_multipart_upload(self, bucket_name, multipart_id, body)


S3Backend.complete_multipart_upload = complete_multipart_upload

if __name__ == "__main__":
    from moto.server import main

    sys.argv[0] = "moto_server"
    sys.exit(main())

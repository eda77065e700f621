"""The object stores the bytes of deliveries and attachments can go to: a folder, and a real
S3-compatible server (moto's server mode, a separate process on a free loopback port)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid

import pytest

S3_REGION = "us-east-1"
# moto accepts any credentials; these only have to be present.
S3_KEYS = {"access_key": "testing-key", "secret_key": "testing-secret"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the S3 server exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the S3 server did not start listening")


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server, one process for the session; its endpoint URL."""
    pytest.importorskip("moto.server", reason="moto[server] (the test extra) is not installed")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def s3_options(endpoint: str, bucket: str) -> dict:
    return {"bucket_name": bucket, "endpoint_url": endpoint, "region_name": S3_REGION, **S3_KEYS,
            "location": "desk", "file_overwrite": True, "default_acl": None}


def s3_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name=S3_REGION, aws_access_key_id=S3_KEYS["access_key"],
                        aws_secret_access_key=S3_KEYS["secret_key"])


class S3Store:
    """What a test asks of the bucket, read with boto3 directly (not through the code under test)."""

    def __init__(self, endpoint: str, bucket: str):
        self.endpoint, self.bucket, self.client = endpoint, bucket, s3_client(endpoint)

    def keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(o["Key"].removeprefix("desk/") for page in pages for o in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=f"desk/{key}")["Body"].read()


class FileStore:
    def __init__(self, root):
        self.root = root

    def keys(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())

    def read(self, key: str) -> bytes:
        return (self.root / key).read_bytes()


@pytest.fixture
def s3_store(s3_server, settings):
    bucket = f"sd-{uuid.uuid4().hex[:12]}"
    s3_client(s3_server).create_bucket(Bucket=bucket)
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "storages.backends.s3.S3Storage",
                                                        "OPTIONS": s3_options(s3_server, bucket)}}
    return S3Store(s3_server, bucket)


@pytest.fixture
def file_store(settings, tmp_path):
    root = tmp_path / "blobs"
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                        "OPTIONS": {"location": str(root)}}}
    return FileStore(root)


@pytest.fixture(params=["files", "s3"])
def store(request):
    """Each test once with a folder and once with the S3 server."""
    return request.getfixturevalue("file_store" if request.param == "files" else "s3_store")

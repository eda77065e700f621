"""Object storage benchmark: the cost of keeping raw deliveries' bytes in each store.

    .venv/bin/python bench/blobs.py [--deliveries 300] [--kb 20] [--stores database,files,s3]

For each store, on a throw-away SQLite database: one IMAP poll's worth of mails stored with
`pipeline.store_deliveries` (50 per call), then every body read back the way the intake reads a
batch (`blobs.prefetch` of 100 rows, then `raw.body`). `s3` is moto's S3 server (the test extra),
started here as a separate process on a free loopback port: its figures are of a local server,
not of a real bucket across a network. Prints one JSON line: per store, CPU and wall milliseconds
per delivery for storing and for reading (CPU of this process, all its threads; moto's own work is not in it).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_s3() -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("moto's S3 server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=300)
    parser.add_argument("--kb", type=int, default=20, help="size of each mail")
    parser.add_argument("--stores", default="database,files,s3")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-blobs-")
    os.environ["SELLERDESK_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    import boto3

    from sellerdesk.channels import pipeline
    from sellerdesk.channels.models import ChannelAccount, RawDelivery
    from sellerdesk.lib import blobs

    body = (b"From: a@example.com\r\nSubject: x\r\n\r\n" + os.urandom(args.kb * 512).hex().encode())[: args.kb * 1024]
    account = ChannelAccount.objects.create(kind="email", name="bench", address="bench@example.com")
    base = dict(settings.STORAGES)
    server, result = None, {"deliveries": args.deliveries, "kb": args.kb, "load": os.getloadavg()}
    try:
        for store in args.stores.split(","):
            storages = dict(base)
            if store == "files":
                storages["blobs"] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": f"{tmp}/blobs"}}
            elif store == "s3":
                if server is None:
                    server, endpoint = start_s3()
                bucket = f"bench-{uuid.uuid4().hex[:8]}"
                keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}
                boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys).create_bucket(Bucket=bucket)
                storages["blobs"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
                    "bucket_name": bucket, "endpoint_url": endpoint, "region_name": "us-east-1", "access_key": "bench",
                    "secret_key": "bench", "file_overwrite": True, "default_acl": None,
                    **({"use_threads": False} if os.environ.get("BENCH_NO_THREADS") else {})}}
            overriding = override_settings(STORAGES=storages)  # resets Django's storage handler, as in tests
            overriding.enable()
            RawDelivery.objects.all().delete()
            cpu, wall = time.process_time(), time.perf_counter()
            for start in range(0, args.deliveries, 50):
                pipeline.store_deliveries(account, [(f"<{store}-{n}@bench>", body, {}) for n in range(start, min(start + 50, args.deliveries))])
            stored = (time.process_time() - cpu, time.perf_counter() - wall)
            in_store = RawDelivery.objects.filter(body_key__isnull=False).count()
            assert in_store == (0 if store == "database" else args.deliveries), (store, in_store)
            ids = list(RawDelivery.objects.order_by("pk").values_list("pk", flat=True))
            cpu, wall = time.process_time(), time.perf_counter()
            for start in range(0, len(ids), 100):
                for raw in blobs.prefetch(list(RawDelivery.objects.filter(pk__in=ids[start:start + 100]))):
                    assert len(raw.body) == len(body)
            read = (time.process_time() - cpu, time.perf_counter() - wall)
            n = args.deliveries
            overriding.disable()
            result[store] = {"store_cpu_ms": round(stored[0] * 1000 / n, 3), "store_wall_ms": round(stored[1] * 1000 / n, 3),
                             "read_cpu_ms": round(read[0] * 1000 / n, 3), "read_wall_ms": round(read[1] * 1000 / n, 3)}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""/readyz reports the object store: reachable and writable, or the store's own error."""

from __future__ import annotations

from django.test import Client

from tests.storage.conftest import free_port, s3_options


def test_readyz_reports_the_s3_store_reachable(db, settings, s3_store):
    settings.TASK_BACKEND = "db"
    r = Client().get("/readyz")
    assert (r.status_code, r.json()["checks"]["storage"]) == (200, {"ok": True, "backend": "S3Storage"})
    assert s3_store.keys() == []  # the probe object was deleted


def test_readyz_names_an_s3_store_that_cannot_be_reached(db, settings):
    settings.TASK_BACKEND = "db"
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "storages.backends.s3.S3Storage",
                                                        "OPTIONS": {**s3_options(endpoint, "sd-missing")}}}
    r = Client().get("/readyz")
    body = r.json()
    assert (r.status_code, body["failing"], body["checks"]["storage"]["ok"]) == (503, ["storage"], False)
    assert f'Could not connect to the endpoint URL: "{endpoint}/sd-missing/desk/readyz/' in body["checks"]["storage"]["error"]


def test_readyz_names_a_bucket_that_does_not_exist(db, settings, s3_server):
    settings.TASK_BACKEND = "db"
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "storages.backends.s3.S3Storage",
                                                        "OPTIONS": s3_options(s3_server, "sd-no-such-bucket")}}
    r = Client().get("/readyz")
    body = r.json()
    assert (r.status_code, body["failing"]) == (503, ["storage"])
    assert "NoSuchBucket" in body["checks"]["storage"]["error"]

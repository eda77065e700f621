"""Counters of several processes in one /metrics: `sellerdesk run` shares a metrics folder with its
worker, and another process given the same PROMETHEUS_MULTIPROC_DIR counts into it too."""

from __future__ import annotations

import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from tests.servers.desk import env_for, running
from tests.test_pipeline import MAIL

TOKEN = "scrape-token-for-process-tests-42"

STORE = """
import sys
import django
django.setup()
from sellerdesk.channels import pipeline
from sellerdesk.channels.models import ChannelAccount
account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
raw, created = pipeline.store_delivery(account, "<abc-1@example.de>", open(sys.argv[1], "rb").read())
print(raw.status, created)
"""


def scrape(port: int) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    text = urllib.request.urlopen(request, timeout=10).read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_a_delivery_stored_by_one_process_and_written_by_the_worker_shows_in_the_web_scrape(tmp_path):
    import subprocess
    import sys

    env = env_for(tmp_path, SELLERDESK_METRICS_TOKEN=TOKEN)
    with running(env=env) as (port, _lines):
        mail = tmp_path / "mail.eml"
        mail.write_bytes(MAIL)
        # Stored (and the intake woken) by a process of its own with the same machine's folder,
        # as the service files set it for every process; the worker `run` started writes it.
        stored = subprocess.run([sys.executable, "-c", STORE, str(mail)], capture_output=True, text=True, timeout=120,
                                env=dict(env, PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics")))
        assert (stored.returncode, stored.stdout) == (0, "received True\n"), stored.stderr
        deadline = time.monotonic() + 120
        while True:
            samples = scrape(port)
            processed = samples.get(("sellerdesk_deliveries_processed_total", (("channel", "email"), ("result", "processed"))), 0)
            if processed or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        # Neither the storing process nor the worker is the web process that answers the scrape.
        assert samples[("sellerdesk_deliveries_received_total", (("channel", "email"),))] == 1
        assert processed == 1
        assert samples[("sellerdesk_ingest_latency_seconds_count", ())] == 1
        assert samples[("sellerdesk_deliveries_waiting", ())] == 0

"""Several machines on loopback: two `sellerdesk web` (gunicorn, two processes each) and two
`sellerdesk worker` (RQ) on one PostgreSQL and one Redis. Signed Shopify deliveries pushed through
both web servers, each one also re-sent to the other: every delivery processed exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.channels.shopify.receiver import sign
from sellerdesk.orders.models import Order
from tests.backends import stack
from tests.backends.conftest import POSTGRESQL_RQ
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP
from tests.servers.desk import free_port

DELIVERIES = 40
FIXTURE = stack.ROOT / "sellerdesk" / "channels" / "shopify" / "fixtures" / "orders_create.json"


def order_delivery(n: int) -> tuple[bytes, dict]:
    capture = json.loads(FIXTURE.read_text())
    order = json.loads(capture["body"])
    order.update(id=5820000100000 + n, name=f"#{3000 + n}")
    body = json.dumps(order).encode()
    headers = dict(capture["headers"], **{"X-Shopify-Event-Id": f"evt-machines-{n}",
                                          "X-Shopify-Webhook-Id": f"wh-machines-{n}",
                                          "X-Shopify-Hmac-Sha256": sign(SHOPIFY_SECRET, body)})
    return body, headers


def post(port: int, path: str, body: bytes, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {"error": error.read().decode(errors="replace")}


def wait_ready(port: int, proc: subprocess.Popen, log_path) -> None:
    deadline = time.monotonic() + 240
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as answer:
                if answer.status == 200:
                    return
        except urllib.error.HTTPError as error:
            not_ready = error.read().decode()
            assert time.monotonic() < deadline, f"web server not ready: {not_ready}"
        except OSError:
            pass
        assert proc.poll() is None, f"web server exited:\n{log_path.read_text()}"
        assert time.monotonic() < deadline, f"web server not ready:\n{log_path.read_text()}"
        time.sleep(0.5)


@pytest.mark.parametrize("backend", [POSTGRESQL_RQ], indirect=True)
def test_two_web_servers_and_two_workers_process_every_delivery_once(backend):
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP, marketplace="US")
    account.credentials = {"webhook_secret": SHOPIFY_SECRET}
    account.save()
    # As a deploy does, with the installation's own settings (RQ brings django_rq's tables).
    stack.sellerdesk("migrate", "--noinput", "-v0", env=backend.env())
    webs = []
    try:
        for name in ("web-1", "web-2"):
            port, log_path = free_port(), backend.workdir / f"{name}.log"
            log = open(log_path, "w")
            proc = subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "web", "--port", str(port), "--workers", "2"],
                                    env=backend.env(), cwd=stack.ROOT, stdout=log, stderr=subprocess.STDOUT)
            webs.append((port, proc, log_path, log))
        backend.start_worker("worker-1")
        backend.start_worker("worker-2")
        for port, proc, log_path, _ in webs:
            wait_ready(port, proc, log_path)
            assert log_path.read_text().count("Booting worker with pid") == 2  # gunicorn's two processes

        path = f"/hooks/shopify/{account.pk}/"
        for n in range(DELIVERIES):
            body, headers = order_delivery(n)
            first, other = webs[n % 2][0], webs[(n + 1) % 2][0]
            status, answer = post(first, path, body, headers)
            assert status == 200, answer
            assert answer.get("duplicate") is False, answer
            # The platform sends it again (its retry), this time to the other machine.
            status, answer = post(other, path, body, headers)
            assert (status, answer.get("duplicate")) == (200, True), answer

        deadline = time.monotonic() + 300
        while RawDelivery.objects.filter(status=RawDelivery.Status.PROCESSED).count() < DELIVERIES:
            assert time.monotonic() < deadline, (
                f"{RawDelivery.objects.filter(status=RawDelivery.Status.PROCESSED).count()} of {DELIVERIES} processed;\n"
                + "\n".join(w.output()[-2000:] for w in backend.workers))
            time.sleep(0.5)
        time.sleep(2)  # anything written twice would have landed by now
        assert RawDelivery.objects.count() == DELIVERIES
        assert sorted(RawDelivery.objects.values_list("status", "attempts").distinct()) == [("processed", 1)]
        assert Order.objects.count() == DELIVERIES
        assert sorted(Order.objects.values_list("number", flat=True)) == sorted(f"#{3000 + n}" for n in range(DELIVERIES))
    finally:
        for _, proc, _, log in webs:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()

"""Webhook benchmark: signed Shopify deliveries over HTTP (Django test Client, the real URL and
view), then processed by the pipeline, on a fresh SQLite database.

    .venv/bin/python bench/webhooks.py [--orders 300]

Per order: orders/create, fulfillments/create, and for one order in ten disputes/create; then
every delivery is posted a second time (a replay, which must create nothing). Prints one JSON
line: receive latency (p50 / p95 ms, first deliveries and replays), processing rate, and the
checks that nothing was duplicated. Run in a child process configured only by the environment.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "shpss_bench_secret"
SHOP = "bench-store.myshopify.com"


def sign(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def deliveries(orders: int) -> list[tuple[str, str, bytes]]:
    out = []
    for i in range(orders):
        oid = 6000000000000 + i
        order = {"id": oid, "name": f"#{2000 + i}", "email": f"buyer{i}@example.com", "currency": "USD", "total_price": "25.00",
                 "financial_status": "paid", "created_at": "2026-11-01T10:00:00-04:00", "updated_at": "2026-11-01T10:00:00-04:00",
                 "customer": {"first_name": "Buyer", "last_name": str(i)}, "line_items": [{"sku": "SKU", "title": "Thing", "quantity": 1, "price": "25.00"}]}
        out.append(("orders/create", f"ev-o-{i}", json.dumps(order).encode()))
        out.append(("fulfillments/create", f"ev-f-{i}", json.dumps({"id": 9000 + i, "order_id": oid, "tracking_company": "USPS",
                                                                    "tracking_number": f"94001{i:012d}"}).encode()))
        if i % 10 == 0:
            out.append(("disputes/create", f"ev-d-{i}", json.dumps({"id": 7000 + i, "order_id": oid, "type": "chargeback", "amount": "25.00",
                                                                   "currency": "USD", "reason": "fraudulent", "status": "needs_response",
                                                                   "evidence_due_by": "2026-11-19T19:00:00-05:00",
                                                                   "initiated_at": "2026-11-04T09:12:03-05:00"}).encode()))
    return out


def child(orders: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from sellerdesk.channels import pipeline
    from sellerdesk.channels.models import ChannelAccount, RawDelivery
    from sellerdesk.conversations.models import Message
    from sellerdesk.orders.models import Claim, Order

    account = ChannelAccount(kind="shopify", name="Bench", address=SHOP)
    account.credentials = {"webhook_secret": SECRET}
    account.save()
    client, url = Client(HTTP_HOST="127.0.0.1"), f"/hooks/shopify/{account.pk}/"  # a default allowed host
    items = deliveries(orders)

    def post_all() -> list[float]:
        took = []
        for topic, event, body in items:
            t = time.perf_counter()
            r = client.post(url, data=body, content_type="application/json", HTTP_X_SHOPIFY_TOPIC=topic,
                            HTTP_X_SHOPIFY_SHOP_DOMAIN=SHOP, HTTP_X_SHOPIFY_EVENT_ID=event, HTTP_X_SHOPIFY_HMAC_SHA256=sign(body))
            took.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.content
        return took

    first = post_all()
    ids = list(RawDelivery.objects.filter(status="received").order_by("pk").values_list("pk", flat=True))
    from sellerdesk import triage

    triage.analyze("warm up")  # model loading is not processing
    t = time.perf_counter()
    for pk in ids:
        pipeline.process(pk)
    process_s = time.perf_counter() - t
    replay = post_all()

    def pct(values, p):
        values = sorted(values)
        return round(values[min(len(values) - 1, int(p * len(values)))], 2)

    return {
        "bench": "webhooks", "backend": "sqlite", "orders": orders, "deliveries": len(items),
        "receive_ms_p50": pct(first, 0.5), "receive_ms_p95": pct(first, 0.95),
        "replay_ms_p50": pct(replay, 0.5), "replay_ms_p95": pct(replay, 0.95),
        "process_per_s": round(len(ids) / process_s, 1),
        "checks": {
            "stored": RawDelivery.objects.count(), "processed": RawDelivery.objects.filter(status="processed").count(),
            "orders": Order.objects.count(), "orders_with_tracking": Order.objects.exclude(tracking=[]).count(),
            "claims": Claim.objects.count(), "messages": Message.objects.count(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.orders)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        # The triage model is shared with the main data directory when built (else it is built here, first).
        model = os.environ.get("SELLERDESK_TRIAGE_MODEL") or str(ROOT / "var" / "models" / "triage.npz")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sellerdesk.settings", "SELLERDESK_DATA_DIR": tmp, "SELLERDESK_TRIAGE_MODEL": model,
               "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "SELLERDESK_TASK_BACKEND": "db", "SELLERDESK_LOG_LEVEL": "WARNING"}
        out = subprocess.run([sys.executable, __file__, "--child", "--orders", str(args.orders)], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True)
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()

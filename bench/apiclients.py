"""Platform API client benchmark: our side of each call against the fake platform server
(tests/servers/fakehttp.py, its own process, 127.0.0.1), on a fresh SQLite database.

    .venv/bin/python bench/apiclients.py [--calls 200]

Measures, per call: an eBay reply (`EbayClient.send_message`), a TikTok Shop reply (signed), an
Amazon order refresh (getOrder + orderItems + buyerInfo + the order update with its event), and
a Shopify GraphQL order lookup with its order update, an eBay Fulfillment API order lookup
(order + shipping fulfillments + update) and a TikTok Shop Order API lookup (signed + update). One token refresh happens first for each
(then the token is cached). Prints one JSON line with p50 / p95 ms. The figures include the
fake server's own work (a Python http.server), so they are an upper bound of our overhead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p * len(values)))], 2)


def timed(n: int, fn) -> dict:
    took = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        took.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": pct(took, 0.5), "p95_ms": pct(took, 0.95)}


def child(calls: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sellerdesk.channels.amazon_spapi.actions import refresh_order
    from sellerdesk.channels.amazon_spapi.client import SpApiClient
    from sellerdesk.channels.ebay.client import EbayClient
    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.channels.shopify.client import ShopifyAdminClient
    from sellerdesk.channels.shopify.orders import lookup_orders
    from sellerdesk.channels.tiktok.client import TikTokClient
    from sellerdesk.conversations.models import Event
    from sellerdesk.channels.amazon_spapi.tests.test_spapi import BUYER, BUYER_JSON, GET_ORDER, ITEMS, ITEMS_PAGE_2, LWA, ORDER, ORDER_JSON, TOKEN
    from sellerdesk.channels.shopify.tests.test_admin import FOUND, GRAPHQL
    from sellerdesk.channels.ebay.tests import test_orders as eb
    from sellerdesk.channels.tiktok.tests import test_orders as tt
    from tests.servers.fakehttp import FakeHttpServer
    from sellerdesk.channels.ebay.orders import EbayOrderClient
    from sellerdesk.channels.ebay.orders import refresh_order as ebay_refresh
    from sellerdesk.channels.tiktok.orders import TikTokOrderClient
    from sellerdesk.channels.tiktok.orders import refresh_order as tiktok_refresh

    routes = {
        "POST /identity/v1/oauth2/token": [{"json": {"access_token": "user", "expires_in": 7200}}],
        "POST /commerce/message/v1/send_message": [{"json": {"messageId": "1"}}],
        "GET /api/v2/token/refresh": [{"json": {"code": 0, "data": {"access_token": "a", "access_token_expire_in": 4102444800}}}],
        "POST /customer_service/202309/conversations/1/messages": [{"json": {"code": 0, "data": {"message_id": "1"}}}],
        LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_2], BUYER: [BUYER_JSON], GRAPHQL: [FOUND],
        eb.GET_ORDER: [eb.FOUND], eb.GET_SHIPPING: [eb.SHIPPED], tt.ORDERS: [tt.FOUND],
    }
    server = FakeHttpServer(routes).start()
    try:
        ebay = ChannelAccount(kind="ebay", name="e", address="seller", marketplace="US", config={"api_base": server.url, "token_url": server.url + "/identity/v1/oauth2/token"})
        ebay.credentials = {"client_id": "c", "client_secret": "s", "refresh_token": "r"}
        ebay.save()
        tiktok = ChannelAccount(kind="tiktok", name="t", address="1", config={"app_key": "k", "shop_cipher": "c", "api_base": server.url, "auth_base": server.url})
        tiktok.credentials = {"app_secret": "s", "refresh_token": "r"}
        tiktok.save()
        amazon = ChannelAccount(kind="amazon_spapi", name="a", marketplace="US", config={"endpoint": server.url, "lwa_url": server.url + "/auth/o2/token"})
        amazon.credentials = {"client_id": "c", "client_secret": "s", "refresh_token": "r"}
        amazon.save()
        shop = ChannelAccount(kind="shopify", name="s", address="x.myshopify.com", config={"admin_base": server.url})
        shop.credentials = {"admin_access_token": "t"}
        shop.save()
        # One client per call, as the task worker builds them: tokens come from the account.
        result = {
            "bench": "apiclients", "calls": calls,
            "ebay_send": timed(calls, lambda i: EbayClient(ChannelAccount.objects.get(pk=ebay.pk)).send_message("hi", conversation_id="1")),
            "tiktok_send": timed(calls, lambda i: TikTokClient(ChannelAccount.objects.get(pk=tiktok.pk)).send_text("1", "hi")),
            "amazon_refresh_order": timed(calls, lambda i: refresh_order(ORDER, client=SpApiClient(ChannelAccount.objects.get(pk=amazon.pk)))),
            "shopify_lookup": timed(calls, lambda i: lookup_orders(shop, number="1234", client=ShopifyAdminClient(ChannelAccount.objects.get(pk=shop.pk)))),
            "ebay_order_lookup": timed(calls, lambda i: ebay_refresh(eb.ORDER, client=EbayOrderClient(ChannelAccount.objects.get(pk=ebay.pk)))),
            "tiktok_order_lookup": timed(calls, lambda i: tiktok_refresh(tt.ORDER, client=TikTokOrderClient(ChannelAccount.objects.get(pk=tiktok.pk)))),
        }
        paths = [r["path"] for r in server.requests()]
        result["checks"] = {"token_requests": sum(p in ("/identity/v1/oauth2/token", "/api/v2/token/refresh", "/auth/o2/token") for p in paths),
                            "requests": len(paths), "token_events": Event.objects.filter(kind="channel_token_refreshed").count()}
        return result
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.calls)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sellerdesk.settings", "SELLERDESK_DATA_DIR": tmp,
               "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "SELLERDESK_TASK_BACKEND": "db", "SELLERDESK_LOG_LEVEL": "WARNING"}
        out = subprocess.run([sys.executable, __file__, "--child", "--calls", str(args.calls)], env=env, cwd=ROOT,
                             capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr[-3000:])
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()

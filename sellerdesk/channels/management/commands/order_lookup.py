"""sellerdesk order-lookup {amazon,shopify,ebay,tiktok} [NUMBER] [--email ADDR] [--marketplace US] [--json]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.channels.base import PermanentSendError, RetryableSendError


class Command(BaseCommand):
    help = "Fetch an order from Amazon SP-API, the Shopify Admin API, eBay (Fulfillment API) or TikTok Shop (Order API) and update ours; see docs/channels.md."

    def add_arguments(self, parser):
        parser.add_argument("platform", choices=["amazon", "shopify", "ebay", "tiktok"])
        parser.add_argument("number", nargs="?", default="", help="114-1234567-1234567 (Amazon), #1001 (Shopify), 12-34567-89012 (eBay), 576461413038785752 (TikTok Shop)")
        parser.add_argument("--email", default="", help="Shopify: the buyer's email instead of a number")
        parser.add_argument("--marketplace", default="", help="Amazon, eBay, TikTok Shop: the store (US, DE...) when several are set up")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, platform, number, email, marketplace, as_json, **options):
        if not (number or (platform == "shopify" and email)):
            raise CommandError("name an order number" + (" or --email" if platform == "shopify" else ""))
        try:
            if platform == "amazon":
                from sellerdesk.channels.amazon_spapi.actions import refresh_order

                orders = [refresh_order(number, marketplace=marketplace)]
            elif platform == "ebay":
                from sellerdesk.channels.ebay.orders import refresh_order as refresh_ebay

                orders = [refresh_ebay(number, marketplace=marketplace)]
            elif platform == "tiktok":
                from sellerdesk.channels.tiktok.orders import refresh_order as refresh_tiktok

                orders = [refresh_tiktok(number, marketplace=marketplace)]
            else:
                from sellerdesk.channels.shopify.orders import lookup_account, lookup_orders

                account = lookup_account()
                if account is None:
                    raise CommandError("not configured: no active Shopify account has an Admin API access token")
                orders = lookup_orders(account, number=number, email=email)
        except (PermanentSendError, RetryableSendError) as exc:
            raise CommandError(str(exc)) from None
        rows = [{"platform": o.platform, "number": o.number, "status": o.status, "total": str(o.total) if o.total is not None else None,
                 "currency": o.currency, "items": len(o.items or []), "placed_at": o.placed_at.isoformat() if o.placed_at else None}
                for o in orders]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
        elif not rows:
            self.stdout.write("no order found")
        for r in rows if not as_json else []:
            self.stdout.write(f"{r['platform']} {r['number']}: {r['status'] or '-'}, {r['total'] or '-'} {r['currency']}, "
                              f"{r['items']} lines, placed {r['placed_at'] or '-'}")

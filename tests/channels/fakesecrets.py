"""The secrets the webhook fixtures are signed with (build_fixtures.py). Fake, like every id in them."""

SHOPIFY_SECRET = "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"
SHOPIFY_SHOP = "acme-store.myshopify.com"

"""The secrets the webhook fixtures are signed with (build_fixtures.py). Fake, like every id in them."""

SHOPIFY_SECRET = "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"
SHOPIFY_SHOP = "acme-store.myshopify.com"

EBAY_VERIFICATION_TOKEN = "sd-verify-5b1f0c6e9a2d4c3b8e7f6a5d4c3b2a1f0e9d8c7b"
EBAY_KID = "99345bd2-2a1c-4c1f-8a8f-0f1d6c1c9e10"
EBAY_SELLER = "seller_abc"

TIKTOK_APP_KEY = "6a1b2c3d4e5f6"
TIKTOK_APP_SECRET = "e59af819cc6a3b4bd1d2f3c4b5a69788e7f6a5b4"
TIKTOK_SHOP_ID = "7494049642642441621"

"""Shopify set-up page: the shared page with Shopify's form."""

from sellerdesk.channels.setup import account_view
from sellerdesk.channels.shopify.forms import ShopifyAccountForm

account = account_view(ShopifyAccountForm)

"""eBay set-up page: the shared page with its form."""

from sellerdesk.channels.ebay.forms import EbayAccountForm
from sellerdesk.channels.setup import account_view

account = account_view(EbayAccountForm)

"""TikTok Shop set-up page: the shared page with its form."""

from sellerdesk.channels.tiktok.forms import TikTokAccountForm
from sellerdesk.channels.setup import account_view

account = account_view(TikTokAccountForm)

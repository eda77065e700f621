"""Instagram set-up page: the shared page with its form."""

from sellerdesk.channels.instagram.forms import InstagramAccountForm
from sellerdesk.channels.setup import account_view

account = account_view(InstagramAccountForm)

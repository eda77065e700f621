"""Messenger set-up page: the shared page with its form."""

from sellerdesk.channels.messenger.forms import MessengerAccountForm
from sellerdesk.channels.setup import account_view

account = account_view(MessengerAccountForm)

"""LINE set-up page: the shared page with its form."""

from sellerdesk.channels.line.forms import LineAccountForm
from sellerdesk.channels.setup import account_view

account = account_view(LineAccountForm)

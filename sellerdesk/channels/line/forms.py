"""LINE set-up form: bot user id, channel id; channel secret and (long-lived) channel access token."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.setup import AccountForm


class LineAccountForm(AccountForm):
    kind = "line"
    address_label = _("Bot user ID")
    address_help = _("U… (Messaging API → Your user ID). Deliveries for another bot are refused; empty: not checked.")
    address_required = False
    config_fields = [("channel_id", _("Channel ID"), _("Basic settings → Channel ID."))]
    secret_specs = [("channel_secret", _("Channel secret"), _("Signs the webhooks (X-Line-Signature).")),
                    ("channel_access_token", _("Channel access token (long-lived)"),
                     _("Sends replies and downloads files. Empty: short-lived tokens are issued with the channel ID and secret."))]
    help_template = "channels/line/setup_help.html"

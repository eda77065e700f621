"""Amazon SP-API set-up form: no webhooks; order lookups, proactive messages and review requests (docs/channels.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.setup import AccountForm


class SpApiAccountForm(AccountForm):
    kind = "amazon_spapi"
    address_label = _("Seller ID")
    address_help = _("Your merchant token, for reference.")
    address_required = False
    config_fields = [("marketplace_id", _("Marketplace ID"), _("Empty: the store's, from the marketplace above (ATVPDKIKX0DER for US)."))]
    secret_specs = [("client_id", _("LWA client id"), ""), ("client_secret", _("LWA client secret"), ""),
                    ("refresh_token", _("Refresh token"), _("From authorising the app for this store."))]
    has_webhook = False

"""eBay set-up form: seller username, the registered endpoint, the verification token, the app's
keys (signature key fetch) and the user refresh token (replies, order lookups)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.setup import AccountForm


class EbayAccountForm(AccountForm):
    kind = "ebay"
    address_label = _("eBay seller username")
    address_help = _("Messages from this user are our own and are skipped.")
    address_required = False
    config_fields = [("endpoint_url", _("Registered endpoint URL"), _("Exactly as registered with eBay; empty: the webhook URL shown above."))]
    secret_specs = [
        ("verification_token", _("Verification token"), _("Answers eBay's endpoint challenge.")),
        ("client_id", _("App ID (client id)"), _("Fetches eBay's public keys to check signatures.")),
        ("client_secret", _("Cert ID (client secret)"), ""),
        ("refresh_token", _("User refresh token"),
         _("Sends replies (Message API) and looks up orders (Fulfillment API; grant both scopes); "
           "the access token is renewed with it.")),
    ]

"""TikTok Shop set-up form: shop id, app key and secret (webhook signature), shop cipher and refresh token (API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.setup import AccountForm


class TikTokAccountForm(AccountForm):
    kind = "tiktok"
    address_label = _("Shop ID")
    address_help = _("Deliveries for another shop are refused.")
    config_fields = [("app_key", _("App key"), ""),
                     ("shop_cipher", _("Shop cipher"), _("Needed to answer buyer chats (Customer Service API)."))]
    secret_specs = [("app_secret", _("App secret"), _("Signs the webhooks (Authorization).")),
                    ("refresh_token", _("Refresh token"), _("From authorising the app; the access token is renewed with it."))]

"""Set-up forms for webhook channels (eBay, TikTok Shop), Amazon SP-API and the order CSV import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# kind -> (address label and help, non-secret config fields, secret fields). Secrets are stored
# encrypted (ChannelAccount.credentials) and never shown again; empty keeps the stored value.
KINDS = {
    "ebay": {
        "address": (_("eBay seller username"), _("Messages from this user are our own and are skipped.")),
        "config": [("endpoint_url", _("Registered endpoint URL"),
                    _("Exactly as registered with eBay; empty: the webhook URL shown above."))],
        "secrets": [("verification_token", _("Verification token"), _("Answers eBay's endpoint challenge.")),
                    ("client_id", _("App ID (client id)"), _("Fetches eBay's public keys to check signatures.")),
                    ("client_secret", _("Cert ID (client secret)"), ""),
                    ("refresh_token", _("User refresh token"),
                     _("Sends replies (Message API) and looks up orders (Fulfillment API; grant both scopes); "
                       "the access token is renewed with it."))],
    },
    "tiktok": {
        "address": (_("Shop ID"), _("Deliveries for another shop are refused.")),
        "config": [("app_key", _("App key"), ""),
                   ("shop_cipher", _("Shop cipher"), _("Needed to answer buyer chats (Customer Service API)."))],
        "secrets": [("app_secret", _("App secret"), _("Signs the webhooks (Authorization).")),
                    ("refresh_token", _("Refresh token"), _("From authorising the app; the access token is renewed with it."))],
    },
    # No webhooks: order lookups, proactive messages and review requests (docs/channels.md).
    "amazon_spapi": {
        "address": (_("Seller ID"), _("Your merchant token, for reference.")),
        "config": [("marketplace_id", _("Marketplace ID"), _("Empty: the store's, from the marketplace above (ATVPDKIKX0DER for US)."))],
        "secrets": [("client_id", _("LWA client id"), ""), ("client_secret", _("LWA client secret"), ""),
                    ("refresh_token", _("Refresh token"), _("From authorising the app for this store."))],
        "webhook": False,
    },
}


class MarketplaceAccountForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    marketplace = forms.CharField(label=_("Marketplace"), max_length=10, required=False,
                                  help_text=_("Country of the store, e.g. US, UK, DE, TH: it chooses the reply clocks."))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spec = KINDS[kind]
        self.kind = kind
        label, help_text = spec["address"]
        self.fields["address"] = forms.CharField(label=label, help_text=help_text, max_length=254, required=kind not in ("ebay", "amazon_spapi"))
        for name, label, help_text in spec["config"]:
            self.fields[name] = forms.CharField(label=label, help_text=help_text, max_length=500, required=False)
        for name, label, help_text in spec["secrets"]:
            self.fields[name] = forms.CharField(label=label, help_text=help_text, required=False,
                                                widget=forms.PasswordInput(render_value=False))
        self.order_fields(["name", "address", "marketplace", "is_active"])

    def split(self) -> tuple[dict, dict, dict]:
        """(account fields, config, secrets that were typed in)."""
        d = self.cleaned_data
        spec = KINDS[self.kind]
        fields = {"name": d["name"], "address": d["address"].strip(), "marketplace": d["marketplace"].strip().upper(),
                  "is_active": d["is_active"]}
        config = {name: d[name].strip() for name, _l, _h in spec["config"]}
        secrets = {name: d[name] for name, _l, _h in spec["secrets"] if d[name]}
        return fields, config, secrets

    def secret_fields(self):
        return [self[name] for name, _l, _h in KINDS[self.kind]["secrets"]]

    def plain_fields(self):
        names = {name for name, _l, _h in KINDS[self.kind]["secrets"]}
        return [f for f in self if f.name not in names]


class OrderImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("One row per order line; the first line names the columns."))
    platform = forms.CharField(label=_("Platform"), max_length=20, initial="walmart",
                               help_text=_("walmart, shopify, ebay, tiktok, or another short name."))
    marketplace = forms.CharField(label=_("Marketplace"), max_length=10, required=False)

"""Shopify set-up form: shop domain, app client secret (webhooks), Admin API token (order lookups),
and the mailbox replies go out from (Shopify has no messaging API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.setup import AccountForm


class ShopifyAccountForm(AccountForm):
    kind = "shopify"
    address_label = _("Shop domain")
    address_help = _("e.g. acme-store.myshopify.com")
    secret_specs = [
        ("webhook_secret", _("App client secret"), _("Signs the webhooks (X-Shopify-Hmac-Sha256).")),
        ("previous_webhook_secret", _("Previous client secret"), _("After a rotation Shopify signs with the old secret for up to an hour.")),
        ("admin_access_token", _("Admin API access token"),
         _("Looks up orders a contact-form mail names (read_orders; read_all_orders for older orders).")),
    ]
    help_template = "channels/shopify/setup_help.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mailboxes = ChannelAccount.objects.filter(kind="email", is_active=True).order_by("name", "pk")
        self.fields["reply_email_account"] = forms.ChoiceField(
            label=_("Reply by email from"), required=False,
            help_text=_("Replies to this shop's buyers are sent from this email account."),
            choices=[("", "—")] + [(str(a.pk), f"{a.name} <{a.address}>") for a in mailboxes])

    def extra_config(self) -> dict:
        return {"reply_email_account": self.cleaned_data["reply_email_account"]}

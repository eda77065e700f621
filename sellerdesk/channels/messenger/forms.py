"""Messenger set-up form: the page id; app secret, verify token and Page access token; Human Agent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.setup import AccountForm


class MessengerAccountForm(AccountForm):
    kind = "messenger"
    address_label = _("Facebook Page ID")
    address_help = _("The page's numeric ID (Page → About → Page transparency). Deliveries for another page are refused.")
    secret_specs = [
        ("app_secret", _("App secret"), _("Meta app dashboard → App settings → Basic. Signs the webhooks (X-Hub-Signature-256).")),
        ("verify_token", _("Verify token"), _("Any text you choose; type the same in the app's webhook settings.")),
        ("page_access_token", _("Page access token"), _("Sends replies and reads buyers' names (pages_messaging).")),
    ]
    help_template = "channels/messenger/setup_help.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["human_agent"] = forms.BooleanField(
            label=_("The app has the Human Agent feature"), required=False,
            help_text=_("Then a person's reply 24 h to 7 days after the buyer's last message goes out with the HUMAN_AGENT tag; "
                        "without it such replies are refused."))

    @classmethod
    def initial_for(cls, account) -> dict:
        return {**super().initial_for(account), "human_agent": bool((account.config or {}).get("human_agent"))}

    def extra_config(self) -> dict:
        return {"human_agent": bool(self.cleaned_data.get("human_agent"))}

"""WeChat Official Account set-up form: original id, AppID; Token, EncodingAESKey and AppSecret (secrets)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.setup import AccountForm
from sellerdesk.channels.wechat.crypt import CryptError, aes_key


class WeChatAccountForm(AccountForm):
    kind = "wechat"
    address_label = _("Original ID")
    address_help = _("gh_… (Settings → Account info). Deliveries for another account are refused.")
    config_fields = [("app_id", _("AppID"), _("From Basic configuration; safe-mode messages must name it."))]
    secret_specs = [("token", _("Token"), _("The Token entered under Server configuration: it signs every request.")),
                    ("encoding_aes_key", _("EncodingAESKey"),
                     _("Safe mode (recommended): with it only encrypted, signed messages are accepted.")),
                    ("app_secret", _("AppSecret"), _("Fetches the access token that sends replies and downloads pictures."))]
    help_template = "channels/wechat/setup_help.html"

    def clean_encoding_aes_key(self):
        value = self.cleaned_data.get("encoding_aes_key", "").strip()
        if value:
            try:
                aes_key(value)
            except CryptError:
                raise forms.ValidationError(_("The EncodingAESKey is the 43 letters and digits the WeChat console shows.")) from None
        return value

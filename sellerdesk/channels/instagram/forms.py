"""Instagram set-up form: Messenger's, keyed by the Instagram account id."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.messenger.forms import MessengerAccountForm


class InstagramAccountForm(MessengerAccountForm):
    kind = "instagram"
    address_label = _("Instagram account ID")
    address_help = _("The professional account's numeric ID (the webhook's entry id, shown by “Test connection”). "
                     "Deliveries for another account are refused.")
    secret_specs = [
        MessengerAccountForm.secret_specs[0],
        MessengerAccountForm.secret_specs[1],
        ("page_access_token", _("Page access token"),
         _("The token of the Facebook page the Instagram account is linked to (instagram_manage_messages).")),
    ]
    help_template = "channels/instagram/setup_help.html"

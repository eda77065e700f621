"""WhatsApp set-up form: phone number ID, business account ID; App Secret, verify token, access token."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.setup import AccountForm


class WhatsAppAccountForm(AccountForm):
    kind = "whatsapp"
    address_label = _("Phone number ID")
    address_help = _("WhatsApp → API Setup → Phone number ID (not the phone number itself). Deliveries for another number are set aside.")
    config_fields = [("waba_id", _("WhatsApp Business Account ID"), _("WhatsApp → API Setup: needed to read your message templates.")),
                     ("display_phone_number", _("Phone number"), _("As buyers see it, e.g. +1 555 078 3881 (shown on the Channels page)."))]
    secret_specs = [("app_secret", _("App secret"), _("App settings → Basic → App secret: it signs every delivery (X-Hub-Signature-256).")),
                    ("verify_token", _("Verify token"), _("Any text you choose; enter the same in the webhook settings of your Meta app.")),
                    ("access_token", _("Access token"),
                     _("A system user's permanent token with whatsapp_business_messaging and whatsapp_business_management."))]
    help_template = "channels/whatsapp/setup_help.html"

"""Email set-up form: where mail is read (IMAP) and sent (SMTP)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.lib.hosts import is_loopback

SECURITY_CHOICES = [("ssl", _("SSL/TLS")), ("starttls", "STARTTLS"), ("none", _("None (unencrypted)"))]


def _mailboxes(text: str) -> list[str]:
    return [m.strip() for m in text.replace(",", "\n").splitlines() if m.strip()]


class EmailAccountForm(forms.Form):
    """One email account: where mail is read (IMAP) and sent (SMTP). Blank passwords keep the stored ones,
    unless the server or the user changes: then the stored password is forgotten (channels.actions)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.EmailField(label=_("Address"), max_length=254)
    marketplace = forms.CharField(label=_("Marketplace"), max_length=10, required=False, help_text=_("For an Amazon relay mailbox, e.g. US or DE."))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    imap_host = forms.CharField(label=_("IMAP host"), max_length=255, required=False)
    imap_port = forms.IntegerField(label=_("IMAP port"), min_value=1, max_value=65535, required=False)
    imap_security = forms.ChoiceField(label=_("IMAP security"), choices=SECURITY_CHOICES, initial="ssl")
    imap_username = forms.CharField(label=_("IMAP username"), max_length=255, required=False)
    imap_password = forms.CharField(label=_("IMAP password"), required=False, widget=forms.PasswordInput(render_value=False))
    imap_mailboxes = forms.CharField(label=_("Mailboxes"), required=False, initial="INBOX", widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One per line, e.g. INBOX."))
    smtp_host = forms.CharField(label=_("SMTP host"), max_length=255, required=False)
    smtp_port = forms.IntegerField(label=_("SMTP port"), min_value=1, max_value=65535, required=False)
    smtp_security = forms.ChoiceField(label=_("SMTP security"), choices=SECURITY_CHOICES, initial="starttls")
    smtp_username = forms.CharField(label=_("SMTP username"), max_length=255, required=False)
    smtp_password = forms.CharField(label=_("SMTP password"), required=False, widget=forms.PasswordInput(render_value=False))
    smtp_from_address = forms.EmailField(label=_("From address"), max_length=254, required=False)

    IMAP_FIELDS = ("imap_host", "imap_port", "imap_security", "imap_username", "imap_password", "imap_mailboxes")
    SMTP_FIELDS = ("smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password", "smtp_from_address")

    @classmethod
    def initial_for(cls, account) -> dict:
        imap = (account.config or {}).get("imap") or {}
        smtp = (account.config or {}).get("smtp") or {}
        return {
            "name": account.name,
            "address": account.address,
            "marketplace": account.marketplace,
            "is_active": account.is_active,
            "imap_host": imap.get("host", ""),
            "imap_port": imap.get("port"),
            "imap_security": imap.get("security", "ssl"),
            "imap_username": imap.get("username", ""),
            "imap_mailboxes": "\n".join(imap.get("mailboxes") or ["INBOX"]),
            "smtp_host": smtp.get("host", ""),
            "smtp_port": smtp.get("port"),
            "smtp_security": smtp.get("security", "starttls"),
            "smtp_username": smtp.get("username", ""),
            "smtp_from_address": smtp.get("from_address", ""),
        }

    def clean_marketplace(self):
        return self.cleaned_data["marketplace"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("imap_host") and not _mailboxes(data.get("imap_mailboxes") or ""):
            self.add_error("imap_mailboxes", _("Name at least one mailbox, e.g. INBOX."))
        for protocol in ("imap", "smtp"):
            host = (data.get(f"{protocol}_host") or "").strip()
            if host and data.get(f"{protocol}_username") and data.get(f"{protocol}_security") == "none" and not is_loopback(host):
                self.add_error(f"{protocol}_security", _("Without encryption the password would cross the network readable: "
                                                         "choose SSL/TLS or STARTTLS (no encryption only for a server on this machine)."))
        return data

    def settings(self) -> tuple[dict, dict, dict]:
        """(imap, smtp, new secrets): the config shape sellerdesk.channels.email.connection reads."""
        d = self.cleaned_data
        imap = {
            "host": d["imap_host"].strip(),
            "port": d["imap_port"],
            "security": d["imap_security"],
            "username": d["imap_username"].strip(),
            "mailboxes": _mailboxes(d["imap_mailboxes"] or ""),
        }
        smtp = {
            "host": d["smtp_host"].strip(),
            "port": d["smtp_port"],
            "security": d["smtp_security"],
            "username": d["smtp_username"].strip(),
            "from_address": d["smtp_from_address"] or d["address"],
        }
        secrets = {k: d[k] for k in ("imap_password", "smtp_password") if d[k]}
        return imap, smtp, secrets

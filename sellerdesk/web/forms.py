"""Forms of the agent UI: inbox filters, conversation actions, email account settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.lib.hosts import is_loopback
from sellerdesk.web import labels

STATUS_CHOICES = [*labels.STATUSES.items(), ("all", _("All"))]
SECURITY_CHOICES = [("ssl", _("SSL/TLS")), ("starttls", "STARTTLS"), ("none", _("None (unencrypted)"))]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    channel = forms.ChoiceField(required=False)
    assignee = forms.ChoiceField(required=False)
    tier = forms.TypedChoiceField(choices=[("", _("Any tier"))] + [(t, f"T{t}") for t in (1, 2, 3)], coerce=int, empty_value=None, required=False)
    lang = forms.ChoiceField(required=False)
    q = forms.CharField(max_length=200, required=False, strip=True)
    cursor = forms.CharField(max_length=200, required=False)

    def __init__(self, data, *, agents, channels):
        super().__init__(data)
        for name in ("channel", "assignee", "tier", "lang"):
            self.fields[name].widget.attrs["class"] = "f-auto"  # a change reloads the list
        self.fields["channel"].choices = [("", _("All channels"))] + [(c, labels.label(labels.CHANNELS, c)) for c in channels]
        self.fields["assignee"].choices = [("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned"))] + [
            (str(u.pk), u.agent.name) for u in agents
        ]
        self.fields["lang"].choices = [("", _("Any language"))] + [
            (code, f"{labels.language_name(code)} ({code})") for code in labels.BUYER_LANGUAGES
        ]

    def clean_status(self):
        return self.cleaned_data["status"] or "open"


class ReplyForm(forms.Form):
    # Emptiness is the action's call (ActionError), shown inline like any other refusal.
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    resolve = forms.BooleanField(required=False)


class NoteForm(forms.Form):
    note = forms.CharField(required=False, strip=False, widget=forms.Textarea)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(required=False)

    def __init__(self, data=None, *, agents, **kwargs):
        super().__init__(data, **kwargs)
        self.agents = {str(u.pk): u for u in agents}
        self.fields["assignee"].choices = [("", _("Unassigned"))] + [(pk, u.agent.name) for pk, u in self.agents.items()]

    def chosen(self):
        return self.agents.get(self.cleaned_data["assignee"])


class SnoozeForm(forms.Form):
    preset = forms.ChoiceField(choices=[("1h", "1h"), ("4h", "4h"), ("tomorrow", "tomorrow"), ("custom", "custom")])
    until = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    def clean(self):
        data = super().clean()
        if data.get("preset") == "custom" and not data.get("until"):
            self.add_error("until", _("Pick a date and time."))
        return data


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


class ShopIdentityForm(forms.Form):
    shop_name = forms.CharField(
        label=_("Shop name"), max_length=100, required=False,
        help_text=_("The store's name as buyers know it ({{ shop_name }} in templates). Empty: SELLERDESK_SHOP_NAME, "
                    "else the reply keeps a [[shop_name]] marker to fill in. The account's own name is never sent to buyers."))
    signature = forms.CharField(
        label=_("Signature"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sign-off of this store ({{ signature }} in templates)."))

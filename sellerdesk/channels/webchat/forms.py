"""The chat's set-up form: name, the store domains allowed to use it, the texts, the email account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.webchat.origins import normalise_entry


class ChatSetupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    title = forms.CharField(label=_("Title in the widget"), max_length=60, required=False,
                            help_text=_("Empty: the name above."))
    domains = forms.CharField(
        label=_("Allowed domains"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: shop.example.com (https), *.shop.example.com, or a full origin such as http://localhost:3000. "
                    "Other sites cannot use this chat."),
    )
    greeting = forms.CharField(label=_("Greeting"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Empty: a greeting in the visitor's language."))
    offline_message = forms.CharField(label=_("Offline message"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text=_("Shown when no agent is online. Empty: a message in the visitor's language asking for an email."))
    email_account = forms.ModelChoiceField(
        label=_("Answers by email from"), required=False, queryset=ChannelAccount.objects.none(),
        help_text=_("When a visitor has left the page, the reply also goes to the email they gave, from this account."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_account"].queryset = ChannelAccount.objects.filter(kind="email").order_by("name", "pk")

    def clean_domains(self) -> list[str]:
        entries, problems = [], []
        for line in self.cleaned_data["domains"].replace(",", "\n").splitlines():
            if not line.strip():
                continue
            try:
                entries.append(normalise_entry(line))
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(_("Not a domain or origin: %(problems)s"), params={"problems": "; ".join(problems)})
        if not entries:
            raise forms.ValidationError(_("Give at least one domain of your store."))
        return list(dict.fromkeys(entries))

    @classmethod
    def initial_for(cls, account: ChannelAccount) -> dict:
        conf = account.config or {}
        return {"name": account.name, "title": conf.get("title", ""), "domains": "\n".join(conf.get("domains", [])),
                "greeting": conf.get("greeting", ""), "offline_message": conf.get("offline_message", ""),
                "email_account": conf.get("email_account"), "is_active": account.is_active}

"""The set-up page every channel shares: its account form, the page, its two URLs.

A channel's forms.py subclasses AccountForm (address label, config fields, secret fields); its
views.py makes the page with `account_view(TheForm)`; its urls.py is `setup.urlpatterns(views.account)`.
Secrets go to ChannelAccount.credentials (encrypted) and are never shown again; an empty secret
field keeps the stored value. The webhook URL shown is built from the request, so it names the
host and port the desk is really reached at.
"""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sellerdesk.channels import actions
from sellerdesk.channels.models import ChannelAccount

Field = tuple[str, str, str]  # (name, label, help text)


class AccountForm(forms.Form):
    kind: ClassVar[str]
    address_label: ClassVar[str]
    address_help: ClassVar[str] = ""
    address_required: ClassVar[bool] = True
    config_fields: ClassVar[list[Field]] = []
    secret_specs: ClassVar[list[Field]] = []
    has_webhook: ClassVar[bool] = True
    help_template: ClassVar[str] = ""  # the channel's own notes on the page ("channels/<name>/...")

    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    marketplace = forms.CharField(label=gettext_lazy("Marketplace"), max_length=10, required=False,
                                  help_text=gettext_lazy("Country of the store, e.g. US, UK, DE, TH: it chooses the reply clocks."))
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"] = forms.CharField(label=self.address_label, help_text=self.address_help, max_length=254,
                                                 required=self.address_required)
        for name, label, help_text in self.config_fields:
            self.fields[name] = forms.CharField(label=label, help_text=help_text, max_length=500, required=False)
        for name, label, help_text in self.secret_specs:
            self.fields[name] = forms.CharField(label=label, help_text=help_text, required=False,
                                                widget=forms.PasswordInput(render_value=False))
        self.order_fields(["name", "address", "marketplace", "is_active"])

    @classmethod
    def initial_for(cls, account: ChannelAccount) -> dict:
        return {"name": account.name, "address": account.address, "marketplace": account.marketplace,
                "is_active": account.is_active, **{k: v for k, v in (account.config or {}).items() if isinstance(v, str)}}

    def extra_config(self) -> dict:
        """Config from fields a channel's form adds itself."""
        return {}

    def split(self) -> tuple[dict, dict, dict]:
        """(account fields, config, secrets that were typed in)."""
        d = self.cleaned_data
        fields = {"name": d["name"], "address": d["address"].strip(), "marketplace": d["marketplace"].strip().upper(),
                  "is_active": d["is_active"]}
        config = {name: d[name].strip() for name, _l, _h in self.config_fields} | self.extra_config()
        secrets = {name: d[name] for name, _l, _h in self.secret_specs if d[name]}
        return fields, config, secrets

    def secret_fields(self):
        return [self[name] for name, _l, _h in self.secret_specs]

    def plain_fields(self):
        names = {name for name, _l, _h in self.secret_specs}
        return [f for f in self if f.name not in names]


def webhook_url(request, account: ChannelAccount) -> str:
    """The URL to register with the platform, on the scheme, host and port this request came in on."""
    return request.build_absolute_uri(reverse("hooks:hook", args=[account.kind, account.pk]))


def account_url(kind: str, pk: int | None = None) -> str:
    """The channel's set-up page (new account when pk is None), or "" if it has none."""
    try:
        return reverse(f"channels:{kind}:account", args=[pk]) if pk else reverse(f"channels:{kind}:new")
    except NoReverseMatch:
        return ""


def account_view(form_class: type[AccountForm], template: str = "channels/setup.html"):
    """The set-up page of one channel (admins only)."""
    from sellerdesk.web import labels
    from sellerdesk.web.access import agent_view

    kind = form_class.kind

    @require_http_methods(["GET", "POST"])
    @agent_view(admin=True)
    def account(request, pk: int | None = None):
        account = get_object_or_404(ChannelAccount, pk=pk, kind=kind) if pk else None
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                fields, config, secrets = form.split()
                account = actions.save_marketplace_account(account, request.user, kind=kind, fields=fields, config=config,
                                                           secrets=secrets)
                messages.success(request, _("Saved %(name)s.") % {"name": account.name})
                return redirect(account_url(kind, account.pk))
            status = 422
        else:
            form = form_class(initial=form_class.initial_for(account) if account else None)
            status = 200
        try:
            stored = set(account.credentials) if account else set()
        except ValueError:  # encrypted with another key: typed-in secrets replace them
            stored = set()
            messages.error(request, _("The stored secrets cannot be decrypted with the current key; enter them again."))
        context = {
            "form": form,
            "account": account,
            "kind": kind,
            "kind_label": labels.label(labels.CHANNELS, kind),
            "has_webhook": form_class.has_webhook,
            "help_template": form_class.help_template,
            "webhook_url": webhook_url(request, account) if account and form_class.has_webhook else "",
            "secrets": [(f, f.name in stored) for f in form.secret_fields()],
        }
        return render(request, template, context, status=status)

    return account


def urlpatterns(view) -> list:
    """A channel's urls.py: /channels/<name>/new/ and /channels/<name>/<account id>/."""
    return [path("new/", view, name="new"), path("<int:pk>/", view, name="account")]

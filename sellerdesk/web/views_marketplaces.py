"""Channels (admins only): set up webhook channels, with the URL to register; import orders from CSV."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sellerdesk.channels import actions
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.setup import webhook_url
from sellerdesk.orders.importer import ImportFileError, import_orders, read_text
from sellerdesk.web import labels
from sellerdesk.web.access import agent_view
from sellerdesk.web.forms_marketplaces import KINDS, MarketplaceAccountForm, OrderImportForm


@require_http_methods(["GET", "POST"])
@agent_view(admin=True)
def marketplace_account(request, kind: str, pk: int | None = None):
    if kind not in KINDS:
        raise Http404("no such channel")
    account = get_object_or_404(ChannelAccount, pk=pk, kind=kind) if pk else None
    if request.method == "POST":
        form = MarketplaceAccountForm(kind, request.POST)
        if form.is_valid():
            fields, config, secrets = form.split()
            account = actions.save_marketplace_account(account, request.user, kind=kind, fields=fields, config=config, secrets=secrets)
            messages.success(request, _("Saved %(name)s.") % {"name": account.name})
            return redirect("web:marketplace_account", kind=kind, pk=account.pk)
        status = 422
    else:
        initial = None
        if account:
            initial = {"name": account.name, "address": account.address, "marketplace": account.marketplace,
                       "is_active": account.is_active, **{k: v for k, v in (account.config or {}).items() if isinstance(v, str)}}
        form = MarketplaceAccountForm(kind, initial=initial)
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
        "has_webhook": KINDS[kind].get("webhook", True),
        "webhook_url": webhook_url(request, account) if account and KINDS[kind].get("webhook", True) else "",
        "secrets": [(f, f.name in stored) for f in form.secret_fields()],
    }
    return render(request, "channels/setup.html", context, status=status)


@require_http_methods(["GET", "POST"])
@agent_view(admin=True)
def orders_import(request):
    report, error = None, ""
    if request.method == "POST":
        form = OrderImportForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                report = import_orders(read_text(d["file"].read()), d["platform"], marketplace=d["marketplace"].strip().upper())
            except ImportFileError as exc:
                error = str(exc)
    else:
        form = OrderImportForm()
    status = 422 if request.method == "POST" and (error or not form.is_valid()) else 200
    return render(request, "web/orders_import.html", {"form": form, "report": report, "error": error}, status=status)

"""Channels (admins only): connected accounts, email account settings, test and poll."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sellerdesk.channels import actions
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.registry import setup_channels
from sellerdesk.channels.setup import account_url
from sellerdesk.web import labels
from sellerdesk.web.access import agent_view
from sellerdesk.web.forms import EmailAccountForm


@require_GET
@agent_view(admin=True)
def channels(request):
    accounts = list(ChannelAccount.objects.defer("credentials_encrypted").order_by("name", "pk"))
    rows = [{"a": a, "kind": labels.label(labels.CHANNELS, a.kind), "has_imap": bool((a.config or {}).get("imap", {}).get("host")),
             "setup_url": account_url(a.kind, a.pk)} for a in accounts]
    add = [(labels.label(labels.CHANNELS, kind), account_url(kind)) for kind in setup_channels() if kind != "email"]
    return render(request, "web/channels.html", {"rows": rows, "add": add})


@require_http_methods(["GET", "POST"])
@agent_view(admin=True)
def email_account(request, pk: int | None = None):
    account = get_object_or_404(ChannelAccount, pk=pk, kind="email") if pk else None
    if request.method == "POST":
        form = EmailAccountForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            imap, smtp, secrets = form.settings()
            fields = {k: d[k] for k in ("name", "address", "marketplace", "is_active")}
            account = actions.save_email_account(account, request.user, fields=fields, imap=imap, smtp=smtp, secrets=secrets)
            messages.success(request, _("Saved %(name)s.") % {"name": account.name})
            return redirect("web:channels")
        status = 422
    else:
        form = EmailAccountForm(initial=EmailAccountForm.initial_for(account) if account else None)
        status = 200
    try:
        stored = account.credentials if account else {}
    except ValueError:  # encrypted with another key: the form says so and new passwords replace them
        stored = {}
        messages.error(request, _("The stored passwords cannot be decrypted with the current key; enter them again."))
    context = {
        "form": form,
        "account": account,
        "has_imap_password": bool(stored.get("imap_password")),
        "has_smtp_password": bool(stored.get("smtp_password")),
    }
    return render(request, "web/channel_form.html", context, status=status)


def _result(request, account, ok: bool, text: str):
    context = {"account": account, "ok": ok, "text": text}
    if request.htmx:
        return render(request, "web/_channel_result.html", context)
    (messages.success if ok else messages.error)(request, f"{account.name}: {text}")
    return redirect("web:channels")


@require_POST
@agent_view(admin=True)
def test_connection(request, pk: int):
    account = get_object_or_404(ChannelAccount, pk=pk)
    if account.kind != "email":  # marketplaces: token renewal plus one read call, recorded on the account
        from sellerdesk.channels.connectiontest import test_connection as check_marketplace

        ok, text = check_marketplace(account, request.user)
        return _result(request, account, ok, text)
    # Imported here: the email transport is optional for the pages that do not use it.
    from sellerdesk.channels.email.connection import test_connection as check

    ok, text = check(account)
    return _result(request, account, ok, text)


@require_POST
@agent_view(admin=True)
def poll(request, pk: int):
    account = get_object_or_404(ChannelAccount, pk=pk)
    new, error = actions.poll_now(account, request.user)
    if error:
        return _result(request, account, False, error)
    text = ngettext("%(count)s new message fetched.", "%(count)s new messages fetched.", new) % {"count": new}
    return _result(request, account, True, text)

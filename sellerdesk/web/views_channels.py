"""Channels (admins only): connected accounts, "+ <channel>" buttons, test connection, poll now.

Each channel's set-up page is in its folder (sellerdesk/channels/<name>/views.py)."""

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
from sellerdesk.web.forms import ShopIdentityForm


@require_GET
@agent_view(admin=True)
def channels(request):
    accounts = list(ChannelAccount.objects.defer("credentials_encrypted").order_by("name", "pk"))
    rows = [{"a": a, "kind": labels.label(labels.CHANNELS, a.kind), "has_imap": bool((a.config or {}).get("imap", {}).get("host")),
             "setup_url": account_url(a.kind, a.pk)} for a in accounts]
    add = [(labels.label(labels.CHANNELS, kind), account_url(kind)) for kind in setup_channels() if kind != "email"]
    from sellerdesk.replies.translation.providers import draft_provider, translation_provider

    return render(request, "web/channels.html", {"rows": rows, "add": add, "translation": translation_provider(), "drafts": draft_provider()})


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
    # Token renewal plus one read call (IMAP and SMTP logins for email), recorded on the account.
    from sellerdesk.channels.connectiontest import test_connection as check

    ok, text = check(account, request.user)
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


@require_http_methods(["GET", "POST"])
@agent_view(admin=True)
def shop_identity(request, pk: int):
    """The shop name and signature buyers see in replies of this account (docs/templates.md)."""
    account = get_object_or_404(ChannelAccount, pk=pk)
    shop = actions.shop_identity(account)
    form = ShopIdentityForm(request.POST or None, initial={"shop_name": shop["name"], "signature": shop["signature"]})
    if request.method == "POST" and form.is_valid():
        actions.set_shop_identity(account, request.user, shop_name=form.cleaned_data["shop_name"],
                                  signature=form.cleaned_data["signature"])
        messages.success(request, _("Saved %(name)s.") % {"name": account.name})
        return redirect("web:channels")
    return render(request, "web/channel_shop.html", {"account": account, "form": form},
                  status=400 if request.method == "POST" else 200)

"""The chat's set-up page (admins): allowed domains, texts, and the script tag to copy."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.setup import account_url
from sellerdesk.channels.webchat.actions import save_chat_account
from sellerdesk.channels.webchat.forms import ChatSetupForm
from sellerdesk.web.access import agent_view


def script_tag(request, account: ChannelAccount) -> str:
    # Built from this request's own address, so it names the host and port the desk really has.
    src = request.build_absolute_uri(reverse("chat:widget_js"))
    return f'<script src="{src}" data-chat="{account.pk}" async></script>'


@require_http_methods(["GET", "POST"])
@agent_view(admin=True)
def setup(request, pk: int | None = None):
    account = get_object_or_404(ChannelAccount, pk=pk, kind="webchat") if pk else None
    if request.method == "POST":
        form = ChatSetupForm(request.POST)
        if form.is_valid():
            account = save_chat_account(account, request.user, form.cleaned_data)
            messages.success(request, _("Saved %(name)s.") % {"name": account.name})
            return redirect(account_url("webchat", account.pk))
        status = 422
    else:
        form = ChatSetupForm(initial=ChatSetupForm.initial_for(account) if account else None)
        status = 200
    context = {"form": form, "account": account, "script_tag": script_tag(request, account) if account else ""}
    return render(request, "channels/webchat/setup.html", context, status=status)

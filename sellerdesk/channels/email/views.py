"""Email set-up page (admins only): the mailbox's IMAP and SMTP settings; passwords stored encrypted."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sellerdesk.channels import actions
from sellerdesk.channels.email.forms import EmailAccountForm
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.web.access import agent_view


@require_http_methods(["GET", "POST"])
@agent_view(admin=True)
def account(request, pk: int | None = None):
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
    return render(request, "channels/email/setup.html", context, status=status)

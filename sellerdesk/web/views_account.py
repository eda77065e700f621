"""The agent's own security: two-factor sign-in, recovery codes, password, sessions, API tokens.

Also the lockout answer of the login page and the password-reset pages (by email).
"""

from __future__ import annotations

import base64
import datetime as dt

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sellerdesk.accounts import sessions, twofactor
from sellerdesk.accounts.models import ApiToken
from sellerdesk.api import tokens
from sellerdesk.audit import log as audit
from sellerdesk.lib import clock
from sellerdesk.web.access import agent_view, is_admin


def locked_out(request, response=None, credentials=None):
    """django-axes' answer once a username or an address has too many failed logins."""
    tried = ((credentials or {}).get("username") or request.POST.get("username") or "")[:150]
    audit.record("login_locked_out", actor_name=tried, username_tried=tried)
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    form = AuthenticationForm(request)
    context = {
        "form": form, "next": request.POST.get("next", ""),
        "locked_message": _("Too many failed logins for this account or from this address. "
                            "Try again in %(minutes)s minutes, or reset your password.") % {"minutes": minutes},
    }
    return render(request, "web/login.html", context, status=429)


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    if not request.user.is_authenticated:
        return redirect("web:login")
    if twofactor.pending_step(request) != "verify":
        return redirect(_next(request, reverse("web:inbox")))
    error = ""
    if request.method == "POST":
        if twofactor.verify(request, request.POST.get("code", "")):
            return redirect(_next(request, reverse("web:inbox")))
        error = _("That code is not valid. Enter the 6-digit code from your authenticator app, or a recovery code.")
    return render(request, "web/two_factor_verify.html", {"error": error, "next": _next(request, "")},
                  status=400 if error else 200)


def _qr_svg(device) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Scan the QR code, confirm with the first code, then see the recovery codes (once)."""
    if not request.user.is_authenticated:
        return redirect("web:login")
    if twofactor.pending_step(request) == "verify":
        return redirect("web:two_factor_verify")
    error = ""
    device = None
    if request.method == "POST":
        device = twofactor.unconfirmed(request.user, request.POST.get("device", ""))
        if device is None:
            error = _("This setup has expired: scan the new QR code.")
        else:
            codes = twofactor.confirm(request, device, request.POST.get("code", ""))
            if codes is not None:
                return render(request, "web/recovery_codes.html", {"codes": codes, "first_time": True})
            error = _("That code is not valid. Check the time on your phone and enter the current code.")
    if device is None:
        device = twofactor.new_authenticator(request.user)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")  # for typing in by hand
    context = {"device": device, "qr": mark_safe(_qr_svg(device)), "secret": secret, "error": error,
               "required": twofactor.required()}
    return render(request, "web/two_factor_setup.html", context, status=400 if error else 200)


@require_POST
@agent_view
def two_factor_disable(request):
    if twofactor.required():
        messages.error(request, _("Two-factor sign-in is required for everyone here; it cannot be turned off."))
    elif not request.user.check_password(request.POST.get("password", "")):
        messages.error(request, _("Your password was not correct; two-factor sign-in stays on."))
    else:
        twofactor.disable(request.user, actor=request.user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("web:security")


@require_POST
@agent_view
def recovery_codes(request):
    if not twofactor.is_enabled(request.user):
        return redirect("web:security")
    codes = twofactor.regenerate_recovery_codes(request.user)
    return render(request, "web/recovery_codes.html", {"codes": codes, "first_time": False})


@agent_view
def security(request):
    user = request.user
    context = {
        "two_factor": twofactor.is_enabled(user),
        "two_factor_required": twofactor.required(),
        "recovery_left": twofactor.recovery_codes_left(user),
        "sessions": sessions.of_user(user),
        "current_session": request.session.session_key,
        "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-id"),
        "scopes": [s for s in ApiToken.SCOPES if s != "admin" or is_admin(user)],
        "now": clock.now(),
    }
    return render(request, "web/security.html", context)


@require_POST
@agent_view
def session_revoke(request, pk: int):
    if sessions.revoke(request.user, pk, actor=request.user):
        messages.success(request, _("That session is signed out."))
    return redirect("web:security")


@require_POST
@agent_view
def sessions_revoke_others(request):
    n = sessions.revoke_others(request.user, request.session.session_key, actor=request.user)
    messages.success(request, _("Signed out %(n)s other sessions.") % {"n": n})
    return redirect("web:security")


@require_POST
@agent_view
def token_create(request):
    expires_at = None
    days = (request.POST.get("expires_days") or "").strip()
    scopes = request.POST.getlist("scopes")
    try:
        # The same rules as tokens.issue(), said in the agent's language.
        if not request.POST.get("name", "").strip():
            raise tokens.TokenError(_("A token needs a name (what it is for)."))
        if not scopes:
            raise tokens.TokenError(_("Choose at least one scope."))
        if "admin" in scopes and not is_admin(request.user):
            raise tokens.TokenError(_("Only admins can hold admin tokens."))
        if days:
            if not days.isdigit() or not 1 <= int(days) <= 3650:
                raise tokens.TokenError(_("Expiry: a number of days from 1 to 3650, or empty for none."))
            expires_at = clock.now() + dt.timedelta(days=int(days))
        token, key = tokens.issue(request.user, request.POST.get("name", ""), scopes, expires_at)
    except tokens.TokenError as exc:
        messages.error(request, str(exc))
        return redirect("web:security")
    return render(request, "web/token_created.html", {"token": token, "key": key})


@require_POST
@agent_view
def token_revoke(request, pk: int):
    token = tokens.revoke_by_id(request.user, pk)
    if token is not None:
        messages.success(request, _("Token %(prefix)s… (%(name)s) is revoked.") % {"prefix": token.prefix, "name": token.name})
    return redirect("web:security")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/password_change.html"
    success_url = reverse_lazy("web:security")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session, ends the others (session hash)
        update_session_auth_hash(self.request, form.user)
        audit.record("password_changed", actor=self.request.user, target=f"user:{self.request.user.pk}")
        messages.success(self.request, _("Your password is changed. Your other sessions are signed out."))
        return response


def _base_url():
    from urllib.parse import urlsplit

    parts = urlsplit(settings.BASE_URL)
    return parts.netloc, parts.scheme == "https"


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The link in the mail points at SELLERDESK_BASE_URL, never at the Host header of the request:
    a forged Host would otherwise send the agent a working reset link to the attacker's site."""

    def save(self, **kwargs):
        kwargs["domain_override"], kwargs["use_https"] = _base_url()
        return super().save(**kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "web/password_reset.html"
    email_template_name = "web/password_reset_email.html"
    subject_template_name = "web/password_reset_subject.html"
    success_url = reverse_lazy("web:password_reset_sent")

    def form_valid(self, form):
        self.extra_email_context = {"site_name": "SellerDesk"}
        audit.record("password_reset_requested")
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/password_reset_confirm.html"
    success_url = reverse_lazy("web:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record("password_reset_done", actor_name=form.user.get_username(), target=f"user:{form.user.pk}")
        return response


password_change = PasswordChangeView.as_view()
password_reset = PasswordResetView.as_view()
password_reset_sent = auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_sent.html")
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(template_name="web/password_reset_complete.html")

"""Signing in and out, and the English / 简体中文 switch."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from sellerdesk.accounts import sessions, twofactor
from sellerdesk.audit import log as audit
from sellerdesk.web import language


class LoginView(auth_views.LoginView):
    """Password first; a user with an authenticator then goes to the code step (views_account).
    Too many failures lock the username and the address out (accounts/throttle.py)."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # login() has cycled the session: set the language after it
        audit.record("login", actor=self.request.user)
        sessions.touch(self.request, None)  # listed on the Security page from now on
        lang = language.of_user(self.request.user)
        if lang:
            language.remember(self.request, response, lang)
        step = twofactor.pending_step(self.request)
        if step is not None:
            target = reverse("web:two_factor_verify" if step == "verify" else "web:two_factor_setup")
            response["Location"] = f"{target}?{urlencode({'next': self.get_success_url()})}"
        return response

    def get_default_redirect_url(self):
        """Without a `next`, an agent starts on My work (their next items in order); supervisors on the inbox."""
        from sellerdesk.routing.views import is_supervisor

        if not is_supervisor(self.request.user):
            return reverse("routing:my_work")
        return super().get_default_redirect_url()

    def form_invalid(self, form):
        tried = (form.data.get("username") or "")[:150]
        audit.record("login_failed", actor_name=tried, username_tried=tried)
        return super().form_invalid(form)


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()  # POST only (Django 5); LOGOUT_REDIRECT_URL is the login page


@require_POST
def set_language(request):
    """Works signed in (saved on the profile too) and on the login page (this browser only)."""
    lang = request.POST.get("language", "")
    if lang not in language.UI_LANGUAGES:
        # Plain text, and the value is not repeated: nothing a crafted form could inject.
        return HttpResponseBadRequest(f"Unknown language; choose one of {', '.join(language.UI_LANGUAGES)}.",
                                      content_type="text/plain; charset=utf-8")
    target = request.POST.get("next") or reverse("web:inbox")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("web:inbox")
    response = HttpResponseRedirect(target)
    language.save_choice(request.user, lang)
    language.remember(request, response, lang)
    return response

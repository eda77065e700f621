"""Signing in and out, and the English / 简体中文 switch."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sellerdesk.web import language


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)  # login() has cycled the session: set the language after it
        lang = language.of_user(self.request.user)
        if lang:
            language.remember(self.request, response, lang)
        return response


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

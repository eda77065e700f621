"""The agent's UI language: kept on AgentProfile, in the session and in Django's language cookie.

The cookie matters because LocaleMiddleware (after UserLanguageMiddleware)
chooses from the cookie or Accept-Language, never from the session.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from sellerdesk.accounts.models import AgentProfile

UI_LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)


def remember(request, response, lang: str) -> None:
    request.session["ui_language"] = lang
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite="Lax",
        httponly=True,
    )
    translation.activate(lang)


def save_choice(user, lang: str) -> None:
    """A personal preference, not conversation data: no event."""
    if user.is_authenticated:
        AgentProfile.objects.filter(user=user).update(ui_language=lang)


def of_user(user) -> str | None:
    profile = getattr(user, "agent", None)
    lang = profile.ui_language if profile else None
    return lang if lang in UI_LANGUAGES else None

"""Who is calling: a bearer token (integrations) or the web UI's session (htmx / JS)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sellerdesk.api import tokens
from sellerdesk.api.errors import Forbidden, InvalidToken


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = tokens.authenticate(token.strip())
        if found is None:
            # A wrong token is an error even if a session cookie is also present.
            raise InvalidToken()
        request.user = found.user
        request.api_token = found
        return found.user


class WebSession(SessionAuth):
    """The logged-in web UI (htmx / JS); writes need the CSRF token as usual."""

    def _get_key(self, request: HttpRequest):
        # No session: answer 401 like any anonymous call, not a CSRF 403.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# Bearer first, then the session.
AUTH = [BearerToken(), WebSession()]


def can_write(request: HttpRequest) -> None:
    profile = getattr(request.user, "agent", None)
    if profile is not None and profile.role == profile.Role.READONLY:
        raise Forbidden("This account is read-only.")

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
        needed = scope_of(request)
        if needed not in found.scopes:
            raise Forbidden(f"This token's scopes ({', '.join(found.scopes)}) do not include {needed!r}, "
                            f"which {request.method} needs here.")
        request.user = found.user
        request.api_token = found
        return found.user


def scope_of(request: HttpRequest) -> str:
    """The scope a bearer token needs: admin for the admin endpoints, read to look, reply to act."""
    if request.path.startswith(ADMIN_PATHS):
        return "admin"
    return "read" if request.method in ("GET", "HEAD", "OPTIONS") else "reply"


# Endpoints whose every call needs an admin token (and an admin user: require_admin).
ADMIN_PATHS = ("/api/v1/audit", "/api/v1/privacy")


class WebSession(SessionAuth):
    """The logged-in web UI (htmx / JS); writes need the CSRF token as usual."""

    def _get_key(self, request: HttpRequest):
        # No session: answer 401 like any anonymous call, not a CSRF 403.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# Bearer first, then the session.
AUTH = [BearerToken(), WebSession()]


def require_admin(request: HttpRequest) -> None:
    from sellerdesk.web.access import is_admin

    if not is_admin(request.user):
        raise Forbidden("Only admins can use this endpoint.")


def can_write(request: HttpRequest) -> None:
    profile = getattr(request.user, "agent", None)
    if profile is not None and profile.role == profile.Role.READONLY:
        raise Forbidden("This account is read-only.")

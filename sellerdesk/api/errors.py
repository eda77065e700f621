"""One error shape for the whole API: {"detail": str, "errors": [{"field", "location", "reason"}]}.

Clients can show `detail` to a person and use `errors[].field` to mark the input.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sellerdesk.conversations.actions import ActionError

MISSING_AUTH = "Authentication required: send the header 'Authorization: Bearer <token>'."
BAD_TOKEN = "Invalid or revoked API token."


class InvalidToken(AuthenticationError):
    """A bearer token was sent but matches no active token (never falls back to the session)."""


class FieldError(Exception):
    """Input that passed the schema but not the domain rules; names the field."""

    def __init__(self, field: str, reason: str, where: str = "body"):
        super().__init__(reason)
        self.field, self.reason, self.where = field, reason, where


class NotFound(Exception):
    pass


class Forbidden(Exception):
    pass


def _field_of(loc: list) -> tuple[str, str]:
    # ninja locations look like ["body", "payload", "until"] or ["query", "limit"]:
    # drop the name of the view's parameter, keep the field the client sent.
    where = str(loc[0]) if loc else ""
    rest = [str(p) for p in loc[1:]]
    if where == "body" and len(rest) > 1:
        rest = rest[1:]
    return ".".join(rest) or where, where


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError):
        errors = []
        for e in exc.errors:
            field, where = _field_of(list(e.get("loc", [])))
            errors.append({"field": field, "location": where, "reason": e.get("msg", "invalid")})
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        return api.create_response(request, {"detail": f"Invalid input: {fields}.", "errors": errors}, status=422)

    @api.exception_handler(FieldError)
    def field_error(request: HttpRequest, exc: FieldError):
        body = {"detail": exc.reason, "errors": [{"field": exc.field, "location": exc.where, "reason": exc.reason}]}
        return api.create_response(request, body, status=422)

    @api.exception_handler(ActionError)
    def action_error(request: HttpRequest, exc: ActionError):
        return api.create_response(request, {"detail": str(exc), "errors": []}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError):
        detail = BAD_TOKEN if isinstance(exc, InvalidToken) else MISSING_AUTH
        response = api.create_response(request, {"detail": detail, "errors": []}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="sellerdesk"'
        return response

    @api.exception_handler(NotFound)
    def not_found(request: HttpRequest, exc: NotFound):
        return api.create_response(request, {"detail": str(exc), "errors": []}, status=404)

    @api.exception_handler(Http404)
    def no_route(request: HttpRequest, exc: Http404):
        return api.create_response(request, {"detail": "Not found.", "errors": []}, status=404)

    @api.exception_handler(Forbidden)
    def forbidden(request: HttpRequest, exc: Forbidden):
        return api.create_response(request, {"detail": str(exc), "errors": []}, status=403)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)

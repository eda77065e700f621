"""The id of the request being served, for every log line written while serving it.

A contextvar, so each thread (waitress) or worker process (gunicorn) of the web server sees its
own request's id. Outside a request (worker, scheduler, commands) there is none.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# What a proxy's X-Request-ID may be to be taken as it is: short, and nothing that could break a
# log line or a header (a longer or odd one is replaced by our own).
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")


def from_header(value: str | None) -> str:
    """The proxy's id when it is a sane one, else a new random one."""
    value = (value or "").strip()
    return value if _ACCEPTED.match(value) else uuid.uuid4().hex


ENVIRON_KEY = "sellerdesk.request_id"


class WSGIRequestId:
    """Wraps the WSGI application so the id is set before Django's handler runs and kept until it
    is done: Django logs a 4xx/5xx answer ("Not Found: /x") after the last middleware returned."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        request_id = environ[ENVIRON_KEY] = from_header(environ.get("HTTP_X_REQUEST_ID"))
        token = current.set(request_id)
        try:
            return self.application(environ, start_response)
        finally:
            current.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record (empty outside a request), for formatters to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True

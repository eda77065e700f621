"""`sellerdesk web`: the production web server, gunicorn with several worker processes.

gthread workers: each process serves requests on threads, so the web chat's server-sent event
streams (one thread each while open) do not take a whole process. The request body limit that
waitress enforces in `sellerdesk run` is kept by a WSGI wrapper here, before Django reads a byte.
"""

from __future__ import annotations

import os

from django.conf import settings
from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    return max(2, (os.cpu_count() or 1) * 2)


class BodyLimit:
    """413 for a request whose Content-Length is over SELLERDESK_MAX_REQUEST_BYTES, unread."""

    def __init__(self, application, limit: int):
        self.application, self.limit = application, limit

    def __call__(self, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.limit:
            start_response("413 Request Entity Too Large", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Request body too large\n"]
        return self.application(environ, start_response)


def options(host: str, port: int, workers: int, threads: int) -> dict:
    chosen = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        # Each open web chat stream holds a thread (docs/webchat.md), and each process admits up to
        # SELLERDESK_WEBCHAT_STREAMS of them (its own budget, channels/webchat/live.py): those come on
        # top of the request threads in every process. The kernel does not share connections out
        # evenly, so a smaller share per process would let streams take the threads its requests
        # need. gthread starts threads only when requests need them: idle ones cost nothing.
        "threads": threads + settings.WEBCHAT_STREAMS,
        "timeout": 120,
        "graceful_timeout": 30,
        "keepalive": 5,
        # Access lines come from SellerDesk's own request log (docs/operations.md, "Logs").
        "accesslog": None,
        "errorlog": "-",
        "proc_name": "sellerdesk-web",
        # Only the TLS proxy's X-Forwarded-Proto counts (docs/security.md); from others it is ignored.
        "forwarded_allow_ips": settings.TRUSTED_PROXY or "",
        "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"},
    }
    return chosen


class WebServer(BaseApplication):
    def __init__(self, chosen: dict):
        self.chosen = chosen
        super().__init__()

    def load_config(self):
        for key, value in self.chosen.items():
            self.cfg.set(key, value)

    def load(self):
        from sellerdesk.replies.compliance import warm_up_in_background
        from sellerdesk.wsgi import application

        warm_up_in_background()  # in each worker process, after the fork
        return BodyLimit(application, settings.MAX_REQUEST_BYTES)


def serve(host: str, port: int, workers: int, threads: int) -> None:
    WebServer(options(host, port, workers, threads)).run()

"""Every request gets an id: the proxy's X-Request-ID, or a new one; sent back in the answer and
put on each log line written while serving it, with one line per request when it is done."""

from __future__ import annotations

import logging
import time

from sellerdesk.lib import requestid

log = logging.getLogger("sellerdesk.request")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Set by the WSGI wrapper (sellerdesk/wsgi.py) when there is one; in tests, made here.
        request_id = request.META.get(requestid.ENVIRON_KEY) or requestid.from_header(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        token = requestid.current.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            # The path without its query string: a search or a token in the query stays out of the log.
            log.info("%s %s %s %.1f ms", request.method, request.path, response.status_code,
                     (time.perf_counter() - started) * 1000)
            return response
        finally:
            requestid.current.reset(token)

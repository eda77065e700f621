from sellerdesk.audit import origin


class RequestOriginMiddleware:
    """Remembers the request's address and browser for the audit entries written while it runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = origin.use(origin.of_request(request))
        try:
            return self.get_response(request)
        finally:
            origin.reset(token)

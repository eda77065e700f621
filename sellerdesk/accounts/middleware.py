from django.utils import translation


class UserLanguageMiddleware:
    """Each agent's chosen UI language (en / zh-hans) wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Session-stored choice is available before auth middleware runs.
        lang = request.session.get("ui_language") if hasattr(request, "session") else None
        if lang:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)

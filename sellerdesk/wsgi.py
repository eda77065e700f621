import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")

from sellerdesk.lib.requestid import WSGIRequestId  # noqa: E402  (needs nothing of Django)

application = WSGIRequestId(get_wsgi_application())

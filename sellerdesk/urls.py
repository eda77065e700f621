from django.urls import include, path

from sellerdesk.api.urls import api
from sellerdesk.web.views_health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("", include("sellerdesk.channels.urls")),  # /hooks/... and each channel's /channels/<name>/...
    path("chat/", include("sellerdesk.channels.webchat.endpoint_urls")),  # the web chat widget's endpoints
    path("replies/", include("sellerdesk.replies.urls")),
    path("supervisor/", include("sellerdesk.routing.urls")),
    path("", include("sellerdesk.web.urls")),
]

from django.urls import include, path

from sellerdesk.api.urls import api
from sellerdesk.tracking.urls import hook_urlpatterns as tracking_hooks
from sellerdesk.web.views_health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("hooks/tracking/", include((tracking_hooks, "tracking_hooks"))),
    path("", include("sellerdesk.channels.urls")),  # /hooks/... and each channel's /channels/<name>/...
    path("tracking/", include("sellerdesk.tracking.urls")),
    path("faq/", include("sellerdesk.faq.urls")),
    path("replies/", include("sellerdesk.replies.urls")),
    path("supervisor/", include("sellerdesk.routing.urls")),
    path("automations/", include("sellerdesk.automation.urls")),
    path("", include("sellerdesk.web.urls")),
]

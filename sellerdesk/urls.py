from django.urls import include, path

from sellerdesk.api.urls import api
from sellerdesk.tracking.urls import hook_urlpatterns as tracking_hooks
from sellerdesk.csat import views as csat_views
from sellerdesk.ops.metrics import metrics_view
from sellerdesk.ops.views import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/", api.urls),
    path("hooks/tracking/", include((tracking_hooks, "tracking_hooks"))),
    path("", include("sellerdesk.channels.urls")),  # /hooks/... and each channel's /channels/<name>/...
    path("tracking/", include("sellerdesk.tracking.urls")),
    path("faq/", include("sellerdesk.faq.urls")),
    path("chat/", include("sellerdesk.channels.webchat.endpoint_urls")),  # the web chat widget's endpoints
    path("replies/", include("sellerdesk.replies.urls")),
    path("supervisor/", include("sellerdesk.routing.urls")),
    path("automations/", include("sellerdesk.automation.urls")),
    path("alerts/", include("sellerdesk.alerts.urls")),
    path("settings/sla/", include("sellerdesk.sla.urls")),
    path("analytics/", include("sellerdesk.analytics.urls")),
    path("csat/<str:signed>/", csat_views.survey_page, name="csat_survey"),
    path("conversations/<int:pk>/csat/", csat_views.send_now, name="csat_send"),
    path("", include("sellerdesk.collision.urls")),
    path("", include("sellerdesk.web.urls")),
]

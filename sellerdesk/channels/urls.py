"""The channels' URLs: the webhook endpoint every channel shares, and each channel's set-up page.

/hooks/<channel>/<account id>/  -> views.hook (namespace "hooks")
/channels/<name>/...            -> the channel folder's urls.py (namespace "channels:<name>"),
                                   for each channel of the registry that has one
"""

from django.urls import include, path

from sellerdesk.channels import views
from sellerdesk.channels.registry import package, setup_channels

hook_patterns = [
    path("<str:channel>/<int:account_id>/", views.hook, name="hook"),
]
setup_patterns = [path(f"{name}/", include(f"{package(name)}.urls")) for name in setup_channels()]

urlpatterns = [
    path("hooks/", include((hook_patterns, "hooks"))),
    path("channels/", include((setup_patterns, "channels"))),
]

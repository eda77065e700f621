"""The project's URLs plus the replies pages (until the lead mounts them in sellerdesk/urls.py)."""

from django.urls import include, path

from sellerdesk.urls import urlpatterns as project_urls

urlpatterns = [path("replies/", include("sellerdesk.replies.urls")), *project_urls]

from django.urls import path

from sellerdesk.collision import views

app_name = "collision"

urlpatterns = [
    path("bulk/", views.bulk_page, name="bulk"),
    path("bulk/apply/", views.bulk_apply, name="bulk_apply"),
    path("conversations/<int:pk>/presence/", views.heartbeat, name="presence"),
]

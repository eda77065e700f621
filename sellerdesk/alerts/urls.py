from django.urls import path

from sellerdesk.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.notifications, name="list"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.read_all, name="read_all"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("settings/", views.preferences, name="preferences"),
    path("chat/", views.webhooks, name="webhooks"),
    path("chat/new/", views.webhook_save, name="webhook_new"),
    path("chat/<int:pk>/", views.webhook_save, name="webhook_save"),
    path("chat/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("chat/<int:pk>/test/", views.webhook_test, name="webhook_test"),
]

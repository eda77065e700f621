from django.urls import path

from sellerdesk.sla import views

app_name = "sla"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("calendars/new/", views.calendar_edit, name="calendar_new"),
    path("calendars/<int:pk>/", views.calendar_edit, name="calendar"),
    path("policies/new/", views.policy_edit, name="policy_new"),
    path("policies/<int:pk>/", views.policy_edit, name="policy"),
    path("presets/restore/", views.restore_presets, name="restore_presets"),
    path("breaches/", views.breaches, name="breaches"),
]

from django.urls import path

from sellerdesk.automation import views

app_name = "automation"

urlpatterns = [
    path("", views.rule_list, name="list"),
    path("switch/", views.switch, name="switch"),
    path("new/", views.rule_edit, name="new"),
    path("<int:pk>/", views.rule_edit, name="edit"),
    path("<int:pk>/enabled/", views.toggle, name="toggle"),
]

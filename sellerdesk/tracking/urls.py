from django.urls import path

from sellerdesk.tracking import views

app_name = "tracking"
urlpatterns = [
    path("", views.status_page, name="status"),
]
hook_urlpatterns = [
    path("<str:provider>/", views.hook, name="hook"),
]

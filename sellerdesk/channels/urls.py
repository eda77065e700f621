from django.urls import path

from sellerdesk.channels import views

app_name = "hooks"
urlpatterns = [
    path("<str:channel>/<int:account_id>/", views.hook, name="hook"),
]

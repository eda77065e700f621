from django.urls import path

from sellerdesk.channels import setup
from sellerdesk.channels.whatsapp import views

app_name = "whatsapp"
urlpatterns = [
    *setup.urlpatterns(views.account),
    path("conversations/<int:pk>/template/", views.send_template, name="send_template"),
    path("conversations/<int:pk>/templates/refresh/", views.refresh_templates, name="refresh_templates"),
]

from django.urls import path

from sellerdesk.channels import setup
from sellerdesk.channels.amazon_spapi import views

app_name = "amazon_spapi"
urlpatterns = [
    *setup.urlpatterns(views.account),
    path("conversations/<int:pk>/refresh-order/", views.refresh_order, name="refresh_order"),
    path("conversations/<int:pk>/request-review/", views.request_review, name="request_review"),
    path("conversations/<int:pk>/message/", views.send_message, name="send_message"),
]

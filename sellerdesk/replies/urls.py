from django.urls import path

from sellerdesk.replies import views

app_name = "replies"

urlpatterns = [
    path("compliance/", views.compliance_rules, name="compliance_rules"),
]

from django.urls import path

from sellerdesk.routing import views

app_name = "routing"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("metrics/", views.metrics, name="metrics"),
    path("my-work/", views.my_work, name="my_work"),
]

from django.urls import path

from sellerdesk.faq import views

app_name = "faq"
urlpatterns = [
    path("", views.faq_list, name="list"),
    path("new/", views.faq_edit, name="new"),
    path("starter/", views.faq_starter, name="starter"),
    path("<int:pk>/", views.faq_edit, name="edit"),
    path("<int:pk>/delete/", views.faq_delete, name="delete"),
]

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sellerdesk.api"
    label = "api"

from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "sellerdesk.routing"
    label = "routing"
    verbose_name = "Routing"

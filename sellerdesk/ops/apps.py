from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "sellerdesk.ops"
    label = "ops"

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "sellerdesk.alerts"
    default_auto_field = "django.db.models.BigAutoField"

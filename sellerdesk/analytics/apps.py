from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "sellerdesk.analytics"
    default_auto_field = "django.db.models.BigAutoField"

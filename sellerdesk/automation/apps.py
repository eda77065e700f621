from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "sellerdesk.automation"
    label = "automation"
    verbose_name = "Automation"

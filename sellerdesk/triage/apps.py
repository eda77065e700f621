from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "sellerdesk.triage"
    label = "triage"

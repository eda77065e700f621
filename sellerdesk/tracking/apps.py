from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "sellerdesk.tracking"
    label = "tracking"

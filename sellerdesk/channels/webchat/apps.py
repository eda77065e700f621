from django.apps import AppConfig


class WebchatConfig(AppConfig):
    name = "sellerdesk.channels.webchat"
    label = "webchat"
    verbose_name = "Web chat"

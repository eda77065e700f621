from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "sellerdesk.channels"
    label = "channels"

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "sellerdesk.conversations"
    label = "conversations"

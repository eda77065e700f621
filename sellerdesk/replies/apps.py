from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "sellerdesk.replies"
    label = "replies"

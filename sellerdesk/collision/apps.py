from django.apps import AppConfig


class CollisionConfig(AppConfig):
    name = "sellerdesk.collision"

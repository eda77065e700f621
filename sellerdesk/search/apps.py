from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sellerdesk.search"
    label = "search"

from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "sellerdesk.faq"
    label = "faq"

from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "sellerdesk.customers"
    label = "customers"

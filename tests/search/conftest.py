import pytest

from sellerdesk.channels.models import ChannelAccount


@pytest.fixture
def email_account(db):
    return ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")


@pytest.fixture
def agent(db):
    from django.contrib.auth import get_user_model

    call = __import__("django.core.management", fromlist=["call_command"]).call_command
    call("createagent", "anna", password="agent-password", name="Anna", verbosity=0)
    return get_user_model().objects.get(username="anna")

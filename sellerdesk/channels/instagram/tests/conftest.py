import pytest

from sellerdesk.channels.messenger.tests.conftest import make_account
from tests.channels.apikit import api  # noqa: F401 - the fake-server fixture


@pytest.fixture
def ig_account(db):
    return make_account("instagram")

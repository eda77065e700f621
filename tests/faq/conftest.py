import pytest

from sellerdesk.faq import actions


@pytest.fixture
def starter(db):
    actions.load_starter()

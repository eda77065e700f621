pytest_plugins = ["tests.browser"]  # browser, page, shots: one Playwright per test process

import pytest

from sellerdesk.channels.models import ChannelAccount


@pytest.fixture
def email_account(db):
    return ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")


@pytest.fixture
def agent(db):
    from django.core.management import call_command
    from django.contrib.auth import get_user_model

    call_command("createagent", "agent1", password="agent-password", languages="en,de", verbosity=0)
    return get_user_model().objects.get(username="agent1")


@pytest.fixture(autouse=True)
def _live_updates_off(settings):
    """In-process test servers open no live feed (sellerdesk/web/live.py): a page's stream would keep
    the browser's network busy (tests wait for it to be idle) and its watcher thread would share
    the test database. The tests of the feed turn it on."""
    settings.LIVE_UPDATES = False


@pytest.fixture(autouse=True)
def _intake_helpers_stopped():
    """A test that ran the intake on a backlog leaves no preparing thread or process behind."""
    yield
    from sellerdesk.channels import prep

    prep.stop_helpers()


@pytest.fixture(autouse=True)
def _process_caches_emptied():
    """Each test starts without what an earlier test left in the process's caches (SLA policies and
    calendars, automation rules, eBay keys, the FAQ index): their keys (row counts, highest ids,
    times — tests freeze the clock at the same instants) can repeat once a test's rows are rolled
    back, and the web chat's "is an agent online" answer is kept 10 s whatever the database says."""
    from sellerdesk.automation import engine
    from sellerdesk.channels.ebay import keys
    from sellerdesk.channels.webchat import presence
    from sellerdesk.faq import matcher
    from sellerdesk.sla import calendars, policies

    presence._cache = None
    matcher._index = None
    policies._policy_cache.clear()
    calendars._cache.clear()
    keys._cache.clear()
    engine._cache.update(stamp=None, by_event={}, cancelling=frozenset())

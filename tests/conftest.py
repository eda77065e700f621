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


# --- rows the migrations write, back after a test that empties the database ---------------------
# A transactional test (live server, browser, transaction=True) ends by emptying every table, and
# with them the rows migrations wrote (SLA presets, starter templates, the Amazon privacy policy).
# Django's own runner runs such tests last; pytest-xdist interleaves them with the others, so a
# later test in the same process would find no SLA policy. They are put back after each such test.
_migrated_rows = pytest.StashKey[bool]()
_snapshot: dict[str, str] = {}


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


def _our_rows_as_json() -> str:
    """SellerDesk's own tables (Django's content types and permissions come back with the flush)."""
    from django.apps import apps
    from django.core import serializers

    rows = [row for config in apps.get_app_configs() if config.name.startswith("sellerdesk")
            for model in config.get_models() for row in model._base_manager.order_by("pk")]
    return serializers.serialize("json", rows)


@pytest.fixture(autouse=True)
def _migrated_rows_kept(request):
    """Before the first transactional test of the process, the rows as migrated (this setup writes
    nothing, so they are still as migrations left them); restored by pytest_runtest_teardown below."""
    if _is_transactional(request):
        request.getfixturevalue("django_db_setup")
        if "default" not in _snapshot:
            with request.getfixturevalue("django_db_blocker").unblock():
                _snapshot["default"] = _our_rows_as_json()
        request.node.stash[_migrated_rows] = True
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)  # every fixture torn down: the table flush has happened
    finally:
        # The last test of the process (nextitem None) tore the test database down with it.
        if item.stash.get(_migrated_rows, False) and nextitem is not None:
            from django.core import serializers
            from django.db import transaction
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock(), transaction.atomic():
                for row in serializers.deserialize("json", _snapshot["default"]):
                    row.save()

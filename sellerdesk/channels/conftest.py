"""The channels' own tests (sellerdesk/channels/<name>/tests/) use the suite's shared fixtures."""

import pytest

from tests.conftest import *  # noqa: F401,F403
# Autouse fixtures (a star import skips names with an underscore); the star brings the hook that
# puts the migrated rows back after a transactional test (pytest_runtest_teardown).
from tests.conftest import (  # noqa: F401
    _intake_helpers_stopped,
    _live_updates_off,
    _migrated_rows_kept,
    _process_caches_emptied,
)


@pytest.fixture
def admin(db):
    """A Django test client signed in as an admin (the set-up pages are for admins)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("createagent", "boss", password="pw-12345678", role="admin", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="boss"))
    return client

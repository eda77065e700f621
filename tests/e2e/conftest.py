"""Browser tests: Debian's headless Chromium driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import pytest

from tests.web.conftest import compile_translations

# browser, page and shots come from tests/browser.py (registered in tests/conftest.py).


@pytest.fixture(scope="session", autouse=True)
def translations():
    compile_translations()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

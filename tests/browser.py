"""Browser fixtures for every folder: Debian's headless Chromium driven by Playwright.

Registered once in tests/conftest.py (pytest_plugins), so a test process starts Playwright at
most once: a second sync_playwright() in the same process fails ("inside the asyncio loop").
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SHOTS = Path("/tmp/sellerdesk-shots")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread for the rest of the session; Django
    # would then refuse ORM calls made by the tests themselves (the live server has its own thread).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()
        wait_for_live_server_requests()


def wait_for_live_server_requests(timeout: float = 30.0) -> None:
    """Let the live server finish the requests the page left in flight (polls a fake clock started).

    The test database is flushed right after the page; on SQLite's shared in-memory database a request
    thread still reading a table makes that flush fail with "database table is locked".
    """
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(timeout)


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS

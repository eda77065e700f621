"""An admin sets an agent's rota in the browser: add a shift row (htmx), a night shift, a bad row, save."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from sellerdesk.conversations.models import Event

pytestmark = [pytest.mark.browser]
PASSWORD = "agent-password"


@pytest.fixture
def team(transactional_db):
    call_command("createagent", "boss", password=PASSWORD, name="Bo Admin", role="admin", verbosity=0)
    call_command("createagent", "anna", password=PASSWORD, name="Anna Schmidt", timezone="Europe/Berlin", verbosity=0)
    return get_user_model().objects.get(username="anna")


def test_admin_sets_a_rota(live_server, page, team, shots):
    page.goto(f"{live_server.url}/login/?next=/agents/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/agents/")
    expect(page.locator(f"#agent-{team.pk} .shift-state")).to_have_text("on shift now")  # no rota yet: always

    page.click(f"#agent-{team.pk} a")
    page.wait_for_url(f"{live_server.url}/agents/{team.pk}/")
    row0 = page.locator("#shift-0")
    row0.locator("input[value=mon]").check()
    row0.locator("input[name=shift-0-start]").fill("22:00")
    row0.locator("input[name=shift-0-end]").fill("06:00")
    page.click("#add-shift")  # htmx fetches row 1 and a button that adds row 2
    row1 = page.locator("#shift-1")
    expect(row1).to_be_visible()
    row1.locator("input[value=sat]").check()  # a day without times: the parser names the row
    page.click("#add-shift")
    expect(page.locator("#shift-2")).to_be_visible()
    page.locator("#shift-2 button", has_text="Remove").click()
    expect(page.locator("#shift-2")).to_have_count(0)
    page.click("form.agent-form button.primary")

    expect(page.locator("#shift-1 .error")).to_have_text("shifts[1].start: '' is not HH:MM")
    assert Event.objects.filter(kind="agent_rota_changed").count() == 0
    page.screenshot(path=str(shots / "agents-rota-error.png"), full_page=True)
    page.locator("#shift-1 input[name=shift-1-start]").fill("10:00")
    page.locator("#shift-1 input[name=shift-1-end]").fill("14:00")
    page.click("form.agent-form button.primary")

    expect(page.locator(".notice.success")).to_have_text("Saved Anna Schmidt.")
    assert get_user_model().objects.get(pk=team.pk).agent.shifts == [
        {"days": ["mon"], "start": "22:00", "end": "06:00"},
        {"days": ["sat"], "start": "10:00", "end": "14:00"},
    ]
    assert Event.objects.filter(kind="agent_rota_changed").count() == 1

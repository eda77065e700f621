"""Finding 7, item 6: what any agent can make the web threads do — fill a hostile reply template,
upload a huge file — is bounded."""

from __future__ import annotations

import tracemalloc

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.core.files.uploadedfile import SimpleUploadedFile

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from sellerdesk.replies.models import ReplyTemplate
from sellerdesk.replies.templating import limits
from sellerdesk.replies.templating.render import render, validate

def values() -> dict:
    """Fresh each time: a template that could change a value must not change the next test's."""
    return {"customer_name": "Jana Novák-Schmidtová", "items": ["Lamp", "Cable", "Shade"]}


def _nested(depth: int, over: str = "customer_name") -> str:
    return "".join(f"{{% for v{i} in {over} %}}" for i in range(depth)) + "." + "{% endfor %}" * depth


@pytest.mark.parametrize("body", [
    _nested(4),  # 21^4 = 194,481 steps that print nothing (the output limit never comes)
    "{% for a in [1,2,3,4,5,6,7,8,9,10] %}" * 5 + "{% endfor %}" * 5,
    "{% for a in items %}{% for b in customer_name %}{% for c in customer_name %}{% for d in customer_name %}"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
])
def test_loops_stop_at_the_step_limit(body):
    r = render(body, values())
    assert (r.text, r.error) == ("", f"not allowed in a template: the template's loops run more than {limits.MAX_ITERATIONS} times")


def test_loops_stop_at_the_time_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.0)
    r = render("{% for c in customer_name %}{{ c }}{% endfor %}", values())
    assert r.error == "not allowed in a template: filling the template takes longer than 0.0 s"


@pytest.mark.parametrize("body, error", [
    ("{% set a = customer_name %}{{ a }}", "line 1: {% set %} is not available in reply templates"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "line 1: {% macro %} is not available in reply templates"),
    ("{% for a in items recursive %}{{ loop(items) }}{% endfor %}", "line 1: recursive loops are not available in reply templates"),
    ("{% include 'web/base.html' %}", "line 1: {% include %} is not available in reply templates"),
    ("{{ customer_name|center(30000000) }}", "line 1: No filter named 'center'."),
    ("{{ customer_name|format(1) }}", "line 1: No filter named 'format'."),
])
def test_statements_and_filters_that_could_blow_up_are_refused_when_saved(body, error):
    assert validate(body) == [error]
    r = render(body, values())
    assert (r.text, r.error) == ("", error)


@pytest.mark.parametrize("body, error", [
    ("{{ customer_name.center(30000000) }}", "calling functions or methods is not available in reply templates"),
    ("{{ items.append(items) }}", "calling functions or methods is not available in reply templates"),
    ("{{ '%30000000s' % customer_name }}", "formatting with % is not available in reply templates"),
    # Each replace multiplies the length by 22: 21, 483, 10,647, 234,255 characters.
    ("{{ customer_name|replace('', customer_name)|replace('', customer_name)|replace('', customer_name) }}",
     f"a value in the template would be longer than {limits.MAX_VALUE} characters"),
    ("{% for a in items %}{% if items|join(customer_name|replace('', customer_name)|replace('', customer_name))|length > 9 %}"
     "{% endif %}{% endfor %}",
     f"a value in the template would be longer than {limits.MAX_VALUE} characters"),
])
def test_values_too_large_to_make_are_refused_before_they_are_made(body, error):
    r = render(body, values())
    assert (r.text, r.error) == ("", f"not allowed in a template: {error}")


def test_ordinary_templates_still_work():
    body = "Hi {{ customer_name|title }}, {% for i in items %}{{ loop.index }}. {{ i|upper }}{{ loop.cycle(',', '') }} {% endfor %}"
    assert render(body, values()).text == "Hi Jana Novák-Schmidtová, 1. LAMP, 2. CABLE 3. SHADE,"


def test_the_edit_page_previews_only_on_request(web):
    form = {"key": "hostile", "language": "en", "channel": "", "category": "shipping_delay", "title": "Hostile",
            "intents": "", "tags": "", "is_active": "on", "body": "Hi {{ customer_name }}" + _nested(2)}
    assert web.post("/replies/templates/new/", form).status_code == 302
    template = ReplyTemplate.objects.get(key="hostile")
    page = web.get(f"/replies/templates/{template.pk}/").content.decode()
    assert "Preview with sample values" not in page
    assert 'name="preview" value="1"' in page
    response = web.post(f"/replies/templates/{template.pk}/", {**form, "body": "Hello {{ customer_name }}!", "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview with sample values" in html and "Hello " in html
    template.refresh_from_db()
    assert template.body.startswith("Hi {{ customer_name }}")  # a preview saves nothing


@pytest.fixture
def conv(db):
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    customer = Customer.objects.create(name="Jane", email="jane@buyer.example", created_at=clock.now())
    return Conversation.objects.create(channel="email", account=account, customer=customer, subject="Hello",
                                       created_at=clock.now(), last_message_at=clock.now())


def test_an_oversized_upload_is_dropped_while_it_is_read(web, conv, settings):
    settings.REPLY_FILE_MAX_BYTES = 1024 * 1024
    size = 24 * 1024 * 1024
    body = encode_multipart(BOUNDARY, {"text": "Label attached.", "files": SimpleUploadedFile("huge.bin", b"\0" * size)})
    tracemalloc.start()
    try:
        response = web.generic("POST", f"/conversations/{conv.pk}/reply/", body, content_type=MULTIPART_CONTENT,
                               HTTP_HX_REQUEST="true")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 422
    assert '<p class="error" role="alert">Not sent: huge.bin is larger than 1 MB.</p>' in response.content.decode()
    assert Message.objects.count() == 0
    # The test client copies the request body once (24 MB); reading the file into memory would be a second copy.
    assert peak < size * 1.5, peak

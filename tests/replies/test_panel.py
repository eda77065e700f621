"""The replies panel in the conversation page: suggestions, one-key insert, and sends refused with a clear reason."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from sellerdesk.conversations.models import Event, Message
from sellerdesk.replies.models import ReplyTemplate


@pytest.fixture
def anna(db):
    call_command("createagent", "anna", password="pw-anna-123", name="Anna Schmidt", verbosity=0)
    return get_user_model().objects.get(username="anna")


@pytest.fixture
def web(anna):
    client = Client()
    client.force_login(anna)
    return client


def textarea(html: str) -> str:
    import html as h

    return h.unescape(re.search(r'<textarea id="reply-text" name="text"[^>]*>(.*?)</textarea>', html, re.S).group(1))


def test_the_conversation_page_loads_the_panel(web, make_amazon_conv):
    conv = make_amazon_conv(intent="damaged_defective", language="de")
    page = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert f'hx-get="/replies/conversations/{conv.pk}/panel/" hx-trigger="load"' in page
    panel = web.get(f"/replies/conversations/{conv.pk}/panel/")
    assert panel.status_code == 200
    html = panel.content.decode()
    tpl = ReplyTemplate.objects.get(key="damaged-item", language="de", channel="")
    assert f'hx-post="/replies/conversations/{conv.pk}/insert/{tpl.pk}/"' in html
    assert '<kbd>Alt+1</kbd> Artikel beschädigt angekommen' in html


def test_search_refreshes_only_the_list(web, make_amazon_conv):
    conv = make_amazon_conv(intent="damaged_defective", language="de")
    html = web.get(f"/replies/conversations/{conv.pk}/panel/", {"part": "list", "q": "erstattung"}).content.decode()
    assert html.startswith('\n<ol id="template-suggestions"')
    assert "Erstattung veranlasst" in html and "Artikel beschädigt" not in html


def test_insert_fills_the_reply_box_and_counts_the_use(web, anna, make_amazon_conv, now, settings):
    settings.REPLY_SHOP_NAME = "Brightdesk"  # the shop's name buyers know, never the account's internal name
    conv = make_amazon_conv(intent="wrong_or_missing_item", language="de")
    conv.order.items = [{"title": "Thermoflasche 1 L"}]
    conv.order.save()
    tpl = ReplyTemplate.objects.get(key="wrong-item", language="de", channel="")
    response = web.post(f"/replies/conversations/{conv.pk}/insert/{tpl.pk}/", {"text": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = textarea(response.content.decode())
    assert text.startswith("Hallo Jana,\n\ndas tut uns leid: Offenbar wurde für die Bestellung 302-1234567-1234567 der falsche Artikel verpackt (bestellt: Thermoflasche 1 L).")
    assert text.endswith("Mit freundlichen Grüßen\nAnna Schmidt\nBrightdesk")
    tpl.refresh_from_db()
    assert (tpl.usage_count, tpl.last_used_at) == (1, now)
    event = Event.objects.get(kind="template_inserted")
    assert (event.conversation_id, event.actor_id, event.data) == (conv.pk, anna.pk, {"template_id": tpl.pk, "key": "wrong-item", "language": "de"})


def test_insert_appends_to_what_the_agent_wrote_and_lists_unfilled_values(web, make_amazon_conv):
    conv = make_amazon_conv(intent="order_status", language="en")
    tpl = ReplyTemplate.objects.get(key="tracking-update", language="en", channel="")
    response = web.post(f"/replies/conversations/{conv.pk}/insert/{tpl.pk}/", {"text": "Note first."})
    html = response.content.decode()
    text = textarea(html)
    assert text.startswith("Note first.\n\n[[delivered]]\nHello Jana,")
    assert "Your parcel is on its way with [[carrier]]. Tracking number: [[tracking_number]]" in text
    assert "Fill in before sending (the send is refused while these remain): <code>[[delivered]]</code>, <code>[[carrier]]</code>, <code>[[tracking_number]]</code>, <code>[[tracking_link]]</code>" in html
    # replies.js selects the first placeholder of a box marked so.
    assert '<textarea id="reply-text" name="text" rows="12" placeholder="Write your reply…" data-select-placeholder>' in html


def test_a_template_without_placeholders_leaves_nothing_to_select(web, anna, make_amazon_conv):
    conv = make_amazon_conv(intent="wrong_or_missing_item", language="de")
    conv.order.items = [{"title": "Thermoflasche 1 L"}]
    conv.order.save()
    tpl = ReplyTemplate.objects.get(key="wrong-item", language="de", channel="")
    html = web.post(f"/replies/conversations/{conv.pk}/insert/{tpl.pk}/", {"text": ""}).content.decode()
    assert "[[" not in textarea(html)
    assert "data-select-placeholder" not in html


def test_the_suggestions_come_before_the_reply_box_and_the_note(web, make_amazon_conv):
    conv = make_amazon_conv(intent="order_status", language="en")
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert html.index('id="replies-panel"') < html.index('id="reply-form"') < html.index('class="note-box"')


def test_a_reply_with_unfilled_values_is_refused_with_their_names(web, make_amazon_conv):
    conv = make_amazon_conv()
    text = "Hello Jana, your parcel is with [[carrier]]: [[tracking_link]]"
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert escape("Not sent: fill in the template values still marked in the text: [[carrier]], [[tracking_link]].") in html
    assert textarea(html) == text  # the agent's text is kept
    assert not Message.objects.filter(conversation=conv).exists()
    assert not Event.objects.filter(kind="reply_sent").exists()


def test_end_to_end_a_rule_blocks_the_reply(web, make_amazon_conv):
    """A filled template plus the agent's own line asking to change a review: Amazon's rule stops it."""
    conv = make_amazon_conv(intent="feedback_thanks", language="de")
    tpl = ReplyTemplate.objects.get(key="thanks-reply", language="de", channel="")
    text = textarea(web.post(f"/replies/conversations/{conv.pk}/insert/{tpl.pk}/", {"text": ""}).content.decode())
    text += "\nKönnten Sie bitte Ihre Bewertung ändern?"
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert escape("Not sent: request to change a review “Ihre Bewertung ändern” is not allowed on Amazon.") in response.content.decode()
    assert not Message.objects.filter(conversation=conv).exists()
    # Without the offending line the same text goes out.
    clean = text.replace("\nKönnten Sie bitte Ihre Bewertung ändern?", "")
    assert web.post(f"/conversations/{conv.pk}/reply/", {"text": clean}, HTTP_HX_REQUEST="true").status_code == 200
    assert Message.objects.get(conversation=conv).body_text == clean


def test_a_template_that_errors_leaves_the_reply_box_as_it_was(web, make_amazon_conv):
    conv = make_amazon_conv()
    tpl = ReplyTemplate.objects.create(key="broken", language="de", category="thanks", title="Broken", body="{{ 1/0 }}",
                                       created_at=conv.created_at, updated_at=conv.created_at)
    response = web.post(f"/replies/conversations/{conv.pk}/insert/{tpl.pk}/", {"text": "Mein Text"})
    assert response.status_code == 422
    assert textarea(response.content.decode()) == "Mein Text"
    assert "This template cannot be used: ZeroDivisionError: division by zero" in response.content.decode()
    tpl.refresh_from_db()
    assert tpl.usage_count == 0


def test_read_only_accounts_cannot_insert(db, make_amazon_conv):
    call_command("createagent", "viewer", password="pw-view-123", role="readonly", verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username="viewer"))
    conv = make_amazon_conv()
    tpl = ReplyTemplate.objects.get(key="thanks-reply", language="de", channel="")
    assert client.post(f"/replies/conversations/{conv.pk}/insert/{tpl.pk}/", {"text": ""}).status_code == 403

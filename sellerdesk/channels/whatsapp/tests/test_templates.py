"""The 24-hour window as a send rule: a free-form reply after it is refused before it is stored;
the seller's approved templates are synced through the Graph API and a template reply, with its
variables filled in, goes out from the conversation's sidebar."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sellerdesk.channels.whatsapp import templates
from sellerdesk.channels.whatsapp.client import WhatsAppClient
from sellerdesk.channels.whatsapp.tests.conftest import make_account, post
from sellerdesk.channels.whatsapp.tests.fakes import PHONE_NUMBER_ID, SENT, WA_ID, WABA_ID
from sellerdesk.conversations.actions import send_reply
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.lib import clock
from sellerdesk.replies.compliance import ComplianceBlocked
from tests.channels.webhookkit import run_worker

TEMPLATES = f"GET /v21.0/{WABA_ID}/message_templates"
LIST = {"json": {"data": [
    {"name": "order_update", "language": "en_US", "status": "APPROVED", "category": "UTILITY", "id": "594425479261596",
     "components": [{"type": "HEADER", "format": "TEXT", "text": "Your order"},
                    {"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped."}, {"type": "FOOTER", "text": "Acme"}]},
    {"name": "promo_spring", "language": "en_US", "status": "REJECTED", "category": "MARKETING", "components": []},
    {"name": "ask_feedback", "language": "de", "status": "APPROVED", "category": "UTILITY",
     "components": [{"type": "BODY", "text": "Wie war Ihre Bestellung?"}]},
], "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}}}
DAY_LATER = SENT + dt.timedelta(hours=25)


def conversation(client, account):
    post(client, account, "text.json")
    run_worker(SENT + dt.timedelta(seconds=2))
    return Conversation.objects.get()


def test_sync_keeps_the_approved_templates_with_their_variables(db, api):
    server = api({TEMPLATES: [LIST]})
    account = make_account(server=server)
    assert templates.sync(account, WhatsAppClient(account)) == 2
    account.refresh_from_db()
    assert account.config["templates"] == [
        {"name": "ask_feedback", "language": "de", "category": "UTILITY", "body": "Wie war Ihre Bestellung?", "variables": 0},
        {"name": "order_update", "language": "en_US", "category": "UTILITY", "body": "Hi {{1}}, your order {{2}} has shipped.", "variables": 2}]
    (request,) = server.requests()
    assert "fields=name%2Clanguage%2Cstatus%2Ccategory%2Ccomponents" in request["query"]


def test_free_form_reply_after_24_hours_is_refused_before_it_is_stored(client, db, api, agent):
    conv = conversation(client, make_account(server=api({})))
    with clock.frozen(DAY_LATER), pytest.raises(ComplianceBlocked) as exc:
        send_reply(conv, agent, "Your parcel ships today.")
    assert str(exc.value) == ("Not sent: the buyer's last message was 25 h ago: WhatsApp accepts free-form replies only within 24 h of "
                              "the buyer's last message; send an approved template instead.")
    assert Message.objects.filter(direction="out").count() == 0


def test_template_reply_goes_out_after_the_window_with_its_variables(client, db, api, agent):
    server = api({TEMPLATES: [LIST], f"POST /v21.0/{PHONE_NUMBER_ID}/messages": [{"json": {"messages": [{"id": "wamid.TPL1"}]}}]})
    account = make_account(server=server)
    templates.sync(account, WhatsAppClient(account))
    conv = conversation(client, account)
    with clock.frozen(DAY_LATER):
        reply = templates.queue_template(Conversation.objects.get(pk=conv.pk), agent, "order_update", "en_US", ["Sheena", "#1001"])
        assert deliver(reply.pk) == "sent"
    reply.refresh_from_db()
    assert (reply.body_text, reply.external_id, reply.delivery_status) == ("Hi Sheena, your order #1001 has shipped.", "whatsapp:msg:wamid.TPL1", "sent")
    assert json.loads(server.requests()[-1]["body"]) == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": WA_ID, "type": "template",
        "template": {"name": "order_update", "language": {"code": "en_US"},
                     "components": [{"type": "body", "parameters": [{"type": "text", "text": "Sheena"}, {"type": "text", "text": "#1001"}]}]}}


def test_template_needs_every_variable_and_an_approved_name(client, db, api, agent):
    server = api({TEMPLATES: [LIST]})
    account = make_account(server=server)
    templates.sync(account, WhatsAppClient(account))
    conv = conversation(client, account)
    from sellerdesk.lib.errors import ActionError

    with pytest.raises(ActionError) as missing:
        templates.queue_template(conv, agent, "order_update", "en_US", ["Sheena"])
    assert str(missing.value) == "Fill in every variable of the template (2)."
    with pytest.raises(ActionError) as unknown:
        templates.queue_template(conv, agent, "promo_spring", "en_US", [])
    assert str(unknown.value) == "WhatsApp has no approved template promo_spring (en_US) for this number; refresh the list."
    assert Message.objects.filter(direction="out").count() == 0


def test_sidebar_refreshes_the_list_and_sends_the_chosen_template(client, db, api, agent):
    server = api({TEMPLATES: [LIST], f"POST /v21.0/{PHONE_NUMBER_ID}/messages": [{"json": {"messages": [{"id": "wamid.TPL2"}]}}]})
    conv = conversation(client, make_account(server=server))
    client.force_login(agent)
    page = client.get(f"/conversations/{conv.pk}/").content.decode()
    assert 'id="whatsapp-templates"' in page and "No approved templates known yet." in page
    refreshed = client.post(f"/channels/whatsapp/conversations/{conv.pk}/templates/refresh/", HTTP_HX_REQUEST="true").content.decode()
    assert '<option value="order_update|en_US">order_update (en_US, 2 variables)</option>' in refreshed
    with clock.frozen(DAY_LATER):
        response = client.post(f"/channels/whatsapp/conversations/{conv.pk}/template/",
                               {"template": "order_update|en_US", "variables": "Sheena\n#1001\n"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    reply = Message.objects.get(direction="out")
    assert (reply.body_text, reply.delivery_status) == ("Hi Sheena, your order #1001 has shipped.", "queued")
    refused = client.post(f"/channels/whatsapp/conversations/{conv.pk}/template/", {"template": "order_update|en_US", "variables": ""},
                          HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and "Fill in every variable of the template (2)." in refused.content.decode()

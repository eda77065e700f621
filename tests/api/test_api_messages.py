import datetime as dt

import pytest

from sellerdesk.conversations.models import Attachment, Message

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def inbound(conv, n, **fields):
    values = dict(
        conversation=conv, account=conv.account, direction="in", sender="jane@buyer.example", sender_name="Jane Buyer",
        subject="Where is my order?", body_text=f"text {n}", body_full=f"text {n}\n> quoted", external_id=f"<m{n}@buyer.example>",
        sent_at=T0, created_at=T0 + dt.timedelta(minutes=n),
    )
    values.update(fields)
    return Message.objects.create(**values)


def test_message_has_exactly_the_documented_fields(api, make_conv):
    conv = make_conv()
    m = inbound(conv, 1, in_reply_to="<m0@buyer.example>", language="en", flags=["charset-fallback"])
    pdf = Attachment.objects.create(message=m, filename="invoice.pdf", content_type="application/pdf", size=4, data=b"%PDF")
    r = api.get(f"/api/v1/conversations/{conv.pk}/messages")
    assert r.status_code == 200
    assert r.json() == {
        "items": [
            {
                "id": m.pk,
                "direction": "in",
                "sender": "jane@buyer.example",
                "sender_name": "Jane Buyer",
                "subject": "Where is my order?",
                "body_text": "text 1",
                "body_full": "text 1\n> quoted",
                "external_id": "<m1@buyer.example>",
                "in_reply_to": "<m0@buyer.example>",
                "language": "en",
                "is_automated": False,
                "delivery_status": "received",
                "error": "",
                "flags": ["charset-fallback"],
                "sent_at": "2026-11-23T12:00:00Z",
                "created_at": "2026-11-23T12:01:00Z",
                "attachments": [{"id": pdf.pk, "filename": "invoice.pdf", "content_type": "application/pdf", "size": 4}],
            }
        ],
        "next_cursor": None,
    }


def test_messages_of_other_conversations_are_not_listed(api, make_conv):
    conv, other = make_conv(), make_conv(subject="other")
    mine = inbound(conv, 1)
    inbound(other, 2)
    assert [i["id"] for i in api.get(f"/api/v1/conversations/{conv.pk}/messages").json()["items"]] == [mine.pk]


def test_message_keyset_walks_every_row_exactly_once_in_id_order(api, make_conv):
    conv = make_conv()
    # created_at deliberately out of id order: the walk is by id.
    made = [inbound(conv, n, created_at=T0 - dt.timedelta(minutes=n)) for n in range(7)]
    seen, cursor, pages = [], "", 0
    while True:
        r = api.get(f"/api/v1/conversations/{conv.pk}/messages", {"limit": 2, "cursor": cursor})
        assert r.status_code == 200
        seen += [i["id"] for i in r.json()["items"]]
        pages += 1
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [m.pk for m in made]
    assert pages == 4


def test_message_page_costs_a_fixed_number_of_queries(api, now, make_conv, django_assert_num_queries):
    conv = make_conv()
    for n in range(5):
        m = inbound(conv, n)
        Attachment.objects.create(message=m, filename=f"{n}.txt", content_type="text/plain", size=1, data=b"x")
    api.get("/api/v1/me")
    with django_assert_num_queries(4):  # token, conversation exists, messages, attachments
        r = api.get(f"/api/v1/conversations/{conv.pk}/messages")
    assert [len(i["attachments"]) for i in r.json()["items"]] == [1, 1, 1, 1, 1]


@pytest.mark.parametrize("cursor", ["zz", "eHwxMg==", "bXw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"])
def test_bad_message_cursor_is_422(api, make_conv, cursor):
    # "x|12": wrong kind of cursor; "m|999...": beyond any id.
    conv = make_conv()
    r = api.get(f"/api/v1/conversations/{conv.pk}/messages", {"cursor": cursor})
    reason = "Invalid cursor: pass back a next_cursor exactly as received."
    assert r.status_code == 422
    assert r.json() == {"detail": reason, "errors": [{"field": "cursor", "location": "query", "reason": reason}]}

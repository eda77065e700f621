"""`export(customer)`: a ZIP of everything we hold about one buyer (a data-subject access request).

customer.json (the records and identities), conversations.json (threads with every message),
attachments/, orders.json (orders and claims), events.json, raw/ (deliveries as received),
README.txt. Written to a file or a stream; nothing is kept on the server.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict

from sellerdesk.audit import log as audit
from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.webchat.models import ChatEvent
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order
from sellerdesk.privacy.footprint import chat_visitors, footprint
from sellerdesk.replies.models import MessageTranslation
from sellerdesk.triage.models import TriageCorrection

README = """Personal data held by SellerDesk about one customer, exported {at}.

customer.json       the customer record(s) and how we reach them (identities)
conversations.json  every conversation and message (as received and as sent)
attachments/        files attached to those messages, by message id
orders.json         orders and platform claims (A-to-z, chargebacks, cases)
events.json         the history of actions on those conversations and orders
raw/                the deliveries exactly as the channels sent them
webchat.json        what the buyer told the web chat (email, order number) and its copy of the chat
"""


def _rows(queryset, exclude=()) -> list[dict]:
    rows = []
    for obj in queryset:
        row = model_to_dict(obj, exclude=list(exclude))
        row["id"] = obj.pk
        rows.append(row)
    return rows


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.\- ]+", "_", name or "file")[:120] or "file"


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (bytes, memoryview)):
            return bytes(o).decode("utf-8", "replace")
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


def _dump(zf: zipfile.ZipFile, name: str, data) -> None:
    zf.writestr(name, json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2))


def export(customer: Customer, out, *, actor=None) -> dict:
    """Write the ZIP to `out` (a path or a binary file object); returns what it holds, by kind."""
    fp = footprint(customer)
    counts = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", README.format(at=clock.now().isoformat(timespec="seconds")))
        customers = _rows(Customer.objects.filter(pk__in=fp.customer_ids))
        identities = _rows(Identity.objects.filter(customer_id__in=fp.customer_ids))
        _dump(zf, "customer.json", {"customers": customers, "identities": identities})
        messages = _rows(Message.objects.filter(pk__in=fp.message_ids).order_by("created_at", "id"))
        translations = _rows(MessageTranslation.objects.filter(message_id__in=fp.message_ids))
        corrections = _rows(TriageCorrection.objects.filter(message_id__in=fp.message_ids))
        conversations = _rows(Conversation.objects.filter(pk__in=fp.conversation_ids).order_by("created_at", "id"))
        for conv in conversations:
            conv["messages"] = [m for m in messages if m["conversation"] == conv["id"]]
        _dump(zf, "conversations.json", {"conversations": conversations, "translations": translations,
                                         "triage_corrections": corrections})
        attachments = Attachment.objects.filter(message_id__in=fp.message_ids).order_by("id")
        for a in attachments:
            zf.writestr(f"attachments/{a.message_id}/{a.pk}-{_safe_name(a.filename)}", bytes(a.data))
        _dump(zf, "orders.json", {"orders": _rows(Order.objects.filter(pk__in=fp.order_ids)),
                                  "claims": _rows(Claim.objects.filter(pk__in=fp.claim_ids))})
        events = Event.objects.filter(conversation_id__in=fp.conversation_ids).order_by("created_at", "id")
        _dump(zf, "events.json", _rows(events, exclude=["actor"]))
        raws = RawDelivery.objects.filter(pk__in=fp.delivery_ids).order_by("id")
        for raw in raws:
            zf.writestr(f"raw/{raw.pk}-{raw.channel}.bin", bytes(raw.body))
            _dump(zf, f"raw/{raw.pk}-{raw.channel}.json", {"id": raw.pk, "status": raw.status, "headers": raw.headers,
                                                           "received_at": raw.received_at})
        visitors = _rows(chat_visitors(fp).order_by("id"), exclude=["account"])
        lines = _rows(ChatEvent.objects.filter(visitor_id__in=[v["id"] for v in visitors]).order_by("id"), exclude=["message"])
        _dump(zf, "webchat.json", {"visitors": visitors, "lines": lines})
        counts = {"customers": len(customers), "identities": len(identities), "conversations": len(conversations),
                  "messages": len(messages), "attachments": attachments.count(), "orders": len(fp.order_ids),
                  "claims": len(fp.claim_ids), "events": events.count(), "raw_deliveries": raws.count(),
                  "chat_visitors": len(visitors), "chat_lines": len(lines)}
    with transaction.atomic():
        audit.record("privacy_exported", actor=actor, target=f"customer:{customer.pk}", **counts)
    return counts


def filename(customer: Customer, when: dt.datetime | None = None) -> str:
    return f"sellerdesk-customer-{customer.pk}-{(when or clock.now()):%Y%m%d}.zip"

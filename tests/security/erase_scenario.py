"""A buyer spread over every place SellerDesk keeps data, built the way it happens in use.

Mail to the support mailbox (HTML, an attachment), an Amazon relay message merged into the same
customer, a signed Shopify order webhook with the shipping address, a forged webhook naming her,
an agent's reply and note, a triage correction, a translation, the demo outbox. Plus a second
buyer whose data must survive. `scan_database` / `scan_files` look for her strings everywhere.

Run as a module (`python -m tests.security.erase_scenario DIR`) it does the whole thing against a
fresh SQLite database in DIR: build, `sellerdesk privacy erase`, so the caller can scan the files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
NAME = "Jane Amélie Doerfler"
EMAIL = "jane.doerfler@buyer-mail.example"
PHONE = "+4930 9876 5432"
PHONE_E164 = "+493098765432"
STREET = "17 Kastanienallee"
SHOP_ORDER = "#SD-90417"
SHOP_ORDER_ID = "6620000090417"
AMAZON_ORDER = "114-3941689-8765042"
AMAZON_ALIAS = "q4w7e9r2t5y8u1i@marketplace.amazon.de"
# What the check looks for: none of these may be left anywhere, in clear.
TERMS = [NAME, "Doerfler", EMAIL, PHONE, PHONE_E164, STREET, SHOP_ORDER, SHOP_ORDER_ID, AMAZON_ORDER, AMAZON_ALIAS]
OTHER_EMAIL = "bob.keeper@other-buyer.example"


def _mail(frm: str, subject: str, mid: str, text: str, html: str = "", attachment: bytes = b"") -> bytes:
    from sellerdesk.channels.email.tests.emlkit import b64, headers, multipart, part, text_part

    head = headers([("From", frm), ("To", "support@shop.example"), ("Subject", subject),
                    ("Date", "Fri, 20 Nov 2026 09:00:00 +0000"), ("Message-ID", mid), ("MIME-Version", "1.0")])
    parts = [text_part(text)]
    if html:
        parts.append(text_part(html, subtype="html"))
    if attachment:
        parts.append(part([("Content-Type", 'text/plain; name="address.txt"'), ("Content-Disposition", 'attachment; filename="address.txt"'),
                           ("Content-Transfer-Encoding", "base64")], b64(attachment)))
    boundary = "sd-boundary-1"
    return head + f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'.encode() + multipart(boundary, parts)


def _signed_shopify(topic: str, event_id: str, payload: dict, secret: str) -> dict:
    from tests.channels.build_fixtures import shopify_sign

    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return {"headers": {"Content-Type": "application/json", "X-Shopify-Topic": topic, "X-Shopify-Shop-Domain": "acme-store.myshopify.com",
                        "X-Shopify-Webhook-Id": f"w-{event_id}", "X-Shopify-Event-Id": event_id,
                        "X-Shopify-Hmac-Sha256": shopify_sign(secret, body.encode())}, "body": body}


def build() -> dict:
    """Returns {"customer": id, "other": id} after putting the buyer everywhere."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from sellerdesk.channels import pipeline
    from sellerdesk.channels.email.mailsink import outbox_dir, save_mail
    from sellerdesk.channels.models import ChannelAccount, RawDelivery
    from sellerdesk.conversations import actions
    from sellerdesk.conversations.models import Conversation, Message
    from sellerdesk.customers.merge import merge
    from sellerdesk.customers.models import Customer
    from sellerdesk.lib import clock
    from sellerdesk.replies.models import MessageTranslation
    from sellerdesk.triage.corrections import record_correction
    from tests.channels.fakesecrets import SHOPIFY_SECRET
    from tests.channels.webhookkit import post

    call_command("createagent", "anna", password="agent-password", role="admin", verbosity=0)
    agent = get_user_model().objects.get(username="anna")
    support = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example",
                                            config={"smtp": {"host": "127.0.0.1", "port": 2525}})
    relay = ChannelAccount.objects.create(kind="email", name="Amazon DE", address="amazon-de@shop.example", marketplace="DE")
    shop = ChannelAccount(kind="shopify", name="Acme", address="acme-store.myshopify.com", marketplace="US")
    shop.credentials = {"webhook_secret": SHOPIFY_SECRET}
    shop.save()

    with clock.frozen(T0):
        # 1. Shopify: the order, with the shipping address, through the real webhook URL.
        order = {"id": int(SHOP_ORDER_ID), "name": SHOP_ORDER, "email": EMAIL, "phone": PHONE_E164,
                 "created_at": "2026-11-19T10:15:00+00:00", "updated_at": "2026-11-19T10:15:30+00:00",
                 "currency": "EUR", "total_price": "59.00", "financial_status": "paid", "fulfillment_status": None,
                 "customer": {"id": 7010000090417, "email": EMAIL, "first_name": "Jane Amélie", "last_name": "Doerfler", "phone": PHONE_E164},
                 "shipping_address": {"name": NAME, "address1": STREET, "city": "Berlin", "zip": "10435", "country_code": "DE", "phone": PHONE},
                 "line_items": [{"id": 1, "sku": "MUG-RED", "title": f"Mug engraved for {NAME}", "quantity": 1, "price": "59.00"}],
                 "fulfillments": []}
        client = Client()
        url = f"/hooks/shopify/{shop.pk}/"
        assert post(client, url, _signed_shopify("orders/create", "ev-90417", order, SHOPIFY_SECRET)).status_code == 200
        forged = _signed_shopify("orders/create", "ev-forged", {**order, "note": f"call {PHONE}"}, "not-the-secret")
        assert post(client, url, forged).status_code == 401
        # 2. Mail to the support mailbox: HTML, a signature with phone and address, an attachment.
        text = f"Hello, my order {SHOP_ORDER} has not arrived.\n\n{NAME}\n{STREET}, 10435 Berlin\nTel. {PHONE}\n"
        html = f"<p>Hello, my order <b>{SHOP_ORDER}</b> has not arrived.</p><p>{NAME}<br>{STREET}</p>"
        mail = _mail(f'"{NAME}" <{EMAIL}>', f"Order {SHOP_ORDER} missing", "<m1.90417@buyer-mail.example>", text, html,
                     f"{NAME}\n{STREET}\n10435 Berlin\n".encode())
        pipeline.store_delivery(support, "<m1.90417@buyer-mail.example>", mail)
        # 3. Amazon relay mail (another identity of hers, merged below).
        from sellerdesk.channels.email.tests.emlkit import amazon_body, amazon_head, crlf, headers

        body = amazon_body(f"Wo bleibt meine Bestellung? Grüße, {NAME}", AMAZON_ORDER, "Tasse rot", "tok90417", site="amazon.de")
        amazon = headers(amazon_head(NAME, AMAZON_ALIAS, f"Nachricht zu Bestellung {AMAZON_ORDER}", "Fri, 20 Nov 2026 09:05:00 +0000",
                                     "<a1.90417@marketplace.amazon.de>", to="amazon-de@shop.example")
                         + [("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")]) + b"\r\n" + crlf(body)
        pipeline.store_delivery(relay, "<a1.90417@marketplace.amazon.de>", amazon)
        # 4. Another buyer, who stays.
        pipeline.store_delivery(support, "<b1@other-buyer.example>",
                                _mail(f'"Bob Keeper" <{OTHER_EMAIL}>', "Invoice please", "<b1@other-buyer.example>", "Can I have an invoice?"))
        for pk in RawDelivery.objects.filter(status="received").order_by("pk").values_list("pk", flat=True):
            pipeline.process(pk)

        customer = Customer.objects.get(email=EMAIL)
        amazon_customer = Customer.objects.get(identities__value=AMAZON_ALIAS)
        merge(customer, amazon_customer, agent, reason=f"same person: {NAME}")
        conv = Conversation.objects.filter(customer=customer, account=support).get()
        inbound = Message.objects.filter(conversation=conv, direction="in").get()
        record_correction(inbound, "intent", "order_status", agent)
        MessageTranslation.objects.create(message=inbound, language="de", text=f"Hallo, Bestellung {SHOP_ORDER} – {NAME}",
                                          provider="deepl", created_at=T0)
        reply = actions.send_reply(conv, agent, f"Dear {NAME}, your order {SHOP_ORDER} left our warehouse today.")
        actions.add_note(conv, agent, f"Called {PHONE} about {SHOP_ORDER}, she lives at {STREET}.")
        save_mail(outbox_dir(), f"From: support@shop.example\r\nTo: {EMAIL}\r\nSubject: Re: {SHOP_ORDER}\r\n\r\nDear {NAME}\r\n".encode(),
                  "support@shop.example", [EMAIL])
        assert reply.pk
    other = Customer.objects.get(email=OTHER_EMAIL)
    return {"customer": customer.pk, "other": other.pk}


def _forms(term: str) -> list[str]:
    escaped = json.dumps(term)[1:-1]
    return [term.lower()] if escaped == term else [term.lower(), escaped.lower()]


def scan_database(terms=TERMS) -> list[str]:
    """Every column of every table (the audit log too), as stored: "table.column #id: term"."""
    from django.db import connection

    forms = sorted({f for t in terms for f in _forms(t)})
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row):
                    if isinstance(value, (bytes, memoryview)):
                        text = bytes(value).decode("utf-8", "replace")
                    elif isinstance(value, (dict, list)):
                        text = json.dumps(value, ensure_ascii=False)
                    else:
                        text = str(value)
                    text = text.lower()
                    found += [f"{table}.{column} {row[0]}: {f}" for f in forms if f in text]
    return found


def scan_files(root: Path, terms=TERMS) -> list[str]:
    """Every file under root, as bytes (UTF-8 and JSON-escaped forms, any case)."""
    needles = sorted({f.encode() for t in terms for f in _forms(t)})
    found = []
    for path in sorted(Path(root).rglob("*")):
        if path.is_file():
            data = path.read_bytes().lower()
            found += [f"{path.relative_to(root)}: {n.decode()}" for n in needles if n in data]
    return found


def main(data_dir: str) -> None:
    os.environ["SELLERDESK_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
    os.environ["SELLERDESK_TASK_BACKEND"] = "db"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    ids = build()
    before = scan_files(Path(data_dir))
    call_command("privacy", "erase", str(ids["customer"]), "--yes")
    print(json.dumps({"ids": ids, "found_before": len(before)}))


if __name__ == "__main__":
    main(sys.argv[1])

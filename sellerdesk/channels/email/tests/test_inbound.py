"""parse_email against real-shaped mail (sellerdesk/channels/email/fixtures, written by build_fixtures.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sellerdesk.channels.base import MalformedDelivery, PlatformClaim
from sellerdesk.channels.email.inbound import parse_email
from sellerdesk.channels.email.tests.emlkit import crlf, ew

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UTC = dt.timezone.utc


def parse(name: str):
    return parse_email((FIXTURES / name).read_bytes())


def one(name: str):
    result = parse(name)
    assert result.ignored_reason == ""
    assert len(result.messages) == 1
    return result.messages[0]


def simple(subject: str = "Hello", *, sender: str = "buyer@example.com", extra: str = "", body: str = "Where is my order?") -> bytes:
    return crlf(
        f"From: {sender}\nTo: support@shop.example\nSubject: {subject}\nDate: Fri, 20 Nov 2026 10:00:00 +0000\n"
        f"Message-ID: <inline-1@example.com>\n{extra}Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    )


# --- charsets -------------------------------------------------------------------------------


def test_utf8_gmail_reply_headers_threading_and_quote():
    m = one("utf8_gmail_reply.eml")
    assert m.external_id == "<CAF8x2Vh=Qp7r+JX1kT0sn9@mail.gmail.com>"
    assert m.channel == "email"
    assert m.sender == "alisa.novak@gmail.com"
    assert m.sender_name == "Alisa Novak"
    assert m.recipients == ["support@shop.example", "alisa.work@example.com"]
    assert m.subject == "Re: Your order #1234 has shipped"
    assert m.sent_at == dt.datetime(2026, 11, 20, 16, 47, 3, tzinfo=UTC)
    assert m.in_reply_to == "<sd-12.ee55ff66aa77bb88@shop.example>"
    assert m.references == ["<sd-12.aa11bb22cc33dd44@shop.example>", "<sd-12.ee55ff66aa77bb88@shop.example>"]
    assert m.body_text == 'Hi,\n\nThe tracking number still shows "label created" after 5 days. Can you check with the carrier?'
    assert m.body_full.endswith("> Best regards,\n> Bright Desk")
    assert m.body_full.startswith("Hi,\n\nThe tracking number")
    assert m.identities == [("email", "alisa.novak@gmail.com")]
    assert m.flags == []
    assert m.attachments == []


def test_gb2312_label_with_gbk_only_characters_decodes_as_gb18030():
    m = one("gb2312_base64.eml")
    assert m.sender_name == "张喆"
    assert m.sender == "zhangzhe@example.cn"
    assert m.subject == "回复：关于订单 #5531 的换货"
    assert m.body_text == "您好，\n\n我上周买的蓝牙耳机左耳没有声音，请问可以换货吗？订单号 #5531。\n\n张喆"
    assert m.body_full.endswith("写道：\n> 您好，您的订单已发货，预计5个工作日内送达。")
    assert m.flags == []


def test_gbk_quoted_printable_with_outlook_chinese_header_block():
    m = one("gbk_outlook_qp.eml")
    assert m.sender == "wxm@example.cn"
    assert m.sender_name == "王小明"
    assert m.subject == "答复: 您的订单已发货"
    assert m.body_text == "你好，\n快递显示已签收，但我没有收到包裹。请帮忙查一下。"
    assert "发件人: Bright Desk <support@shop.example>\n发送时间: 2026年11月18日 9:30" in m.body_full


def test_big5_label_reads_hkscs_characters_and_cuts_traditional_quote():
    m = one("big5_hkscs.eml")
    assert m.sender_name == "陳大文"
    assert m.subject == "回覆：退款查詢"
    assert m.body_text == "你好，\n\n我部機收到嘅時候已經爛咗㗎，可唔可以退款？\n\n陳大文"
    assert m.flags == []


def test_iso2022jp_with_halfwidth_katakana_and_japanese_gmail_quote():
    m = one("iso2022jp_gmail.eml")
    assert m.sender == "yamada.taro@example.jp"
    assert m.sender_name == "山田太郎"
    assert m.subject == "Re: 注文した商品が届きません"
    assert m.body_text == (
        "お世話になっております。山田です。\n\n11月10日に注文したｶﾒﾗｹｰｽがまだ届いていません。\n"
        "追跡番号を教えていただけますか。\n\nよろしくお願いいたします。"
    )
    assert m.in_reply_to == "<sd-31.0a1b2c3d4e5f6a7b@shop.example>"
    assert m.flags == []


def test_shift_jis_label_reads_cp932_characters_and_cuts_at_sashidashinin():
    m = one("shift_jis_outlook.eml")
    assert m.sender_name == "佐藤 健"
    assert m.subject == "RE: ご注文の確認"
    assert m.body_text == (
        "株式会社ブライトデスク\nご担当者様\n\n先日購入した充電器について質問です。\n①USB-Cケーブルは付属していますか？\n②保証期間は何年ですか？"
    )
    assert m.flags == []


def test_euc_kr_quoted_printable():
    m = one("euc_kr_qp.eml")
    assert m.sender_name == "김민수"
    assert m.subject == "배송 문의"
    assert m.body_text == "안녕하세요,\n주문한 상품이 아직 도착하지 않았습니다. 언제 받을 수 있나요?\n\n김민수"
    assert m.flags == []


def test_utf8_bytes_under_latin1_label_are_read_as_utf8_and_flagged():
    m = one("latin1_label_utf8_bytes.eml")
    assert m.sender_name == "Jürgen Weiß"  # raw UTF-8 header (RFC 6532)
    assert m.body_full == "Hallo,\nder Mixer ist kaputt angekommen. Bitte um Ersatz.\n\nGrüße aus München\nJürgen"
    assert m.body_text == "Hallo,\nder Mixer ist kaputt angekommen. Bitte um Ersatz."
    assert m.flags == ["charset-fallback"]


def test_unknown_charset_label_is_detected_and_flagged():
    m = one("unknown_charset_label.eml")
    assert m.subject == "箱の破損"
    assert m.body_text == "お世話になっております。先日注文した商品について質問があります。箱が破損していましたが、中身は無事でした。交換は可能でしょうか。"
    assert m.flags == ["charset-fallback"]


def test_cp1252_bytes_under_utf8_label_are_detected_and_flagged():
    m = one("utf8_label_cp1252_bytes.eml")
    assert m.body_text == (
        "Bonjour,\nLe colis est arrivé abîmé et la boîte était ouverte. Pouvez-vous me rembourser ou envoyer un remplacement ?\n\nHélène"
    )
    assert m.flags == ["charset-fallback"]


def test_rfc2047_words_split_inside_a_character_and_mixed_charsets():
    m = one("rfc2047_headers.eml")
    assert m.subject == "Rückerstattung für Bestellung 1234 (dringend) - bitte"
    assert m.sender == "francois.dupre@example.fr"
    assert m.sender_name == "François Dupré"
    assert m.recipients == ["support@shop.example", "owner@shop.example", "anne@example.fr"]
    assert m.body_text == "Bonjour, je n'ai toujours pas reçu le remboursement."


def test_html_only_mail_gets_text_and_sanitised_html():
    m = one("html_only.eml")
    assert m.body_full == (
        "Hello team,\n\nI ordered the Stainless Kettle (order #1234) but received the white one.\nCan you exchange it?\n\n"
        "Item Qty\nKettle 1.7 L 1\n\n- Photo attached\n- Box unopened\n\nMy order\n\n"
        "On Thu, Nov 19, 2026 at 9:00 AM Bright Desk <support@shop.example> wrote:\n\n> Your order has shipped."
    )
    assert m.body_text == (
        "Hello team,\n\nI ordered the Stainless Kettle (order #1234) but received the white one.\nCan you exchange it?\n\n"
        "Item Qty\nKettle 1.7 L 1\n\n- Photo attached\n- Box unopened\n\nMy order"
    )
    assert m.body_html == (
        "<p>Hello&nbsp;team,</p>\n"
        "<p>I ordered the <b>Stainless Kettle</b> (order #1234) but received the <i>white</i> one.<br>Can you exchange it?</p>\n"
        "<table><tbody><tr><td>Item</td><td>Qty</td></tr><tr><td>Kettle 1.7 L</td><td>1</td></tr></tbody></table>\n"
        "<ul><li>Photo attached</li><li>Box unopened</li></ul>\n"
        '<p><a href="https://shop.example/orders/1234" rel="noopener noreferrer">My order</a> <img height="1" width="1"></p>\n'
        "<div>On Thu, Nov 19, 2026 at 9:00 AM Bright Desk &lt;support@shop.example&gt; wrote:<br>\n"
        "<blockquote>Your order has shipped.</blockquote></div>"
    )


# --- quotes and signatures ------------------------------------------------------------------


def test_outlook_from_sent_block_is_cut():
    m = one("outlook_from_sent.eml")
    assert m.body_text == "The label does not print, the PDF is blank. Could you send it again as a PNG?"
    assert m.body_full.endswith("Hi Mark, please find your return label attached.")


def test_original_message_separator_is_cut_in_windows_1252_mail():
    m = one("original_message.eml")
    assert m.sender_name == "Kowalski, Piotr"
    assert m.body_text == "Danke, aber die Lieferung fehlt immer noch. Können Sie nachforschen?"


def test_signature_delimiter_and_format_flowed():
    m = one("signature_flowed.eml")
    assert m.body_text == "The shelf kit I received is missing the four M6 screws listed on page 2 of the manual. Can you send them?"
    assert m.body_full.endswith("\n\n-- \nTom Becker\nBecker Woodworks\n+1 555 0100")


def test_a_thanks_sentence_is_not_taken_for_a_signature():
    assert one("thanks_line_kept.eml").body_text == "Hi,\nThanks, the replacement arrived today and works perfectly\nBob"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("-----Original Message-----\nFrom: Shop\nSent: Monday\n\nYour parcel shipped.",
         "-----Original Message-----\nFrom: Shop\nSent: Monday\n\nYour parcel shipped."),
        ("Thanks, it works now!", "Thanks, it works now!"),
        ("> quoted only\n> nothing new", "> quoted only\n> nothing new"),
        ("Antwort unten\n\nAm 20.11.2026 um 10:00 schrieb Shop <a@shop.example>:\n> alt", "Antwort unten"),
        ("Réponse\n\nLe ven. 20 nov. 2026 à 10:00, Shop <a@shop.example> a écrit :\n> vieux", "Réponse"),
        ("Respuesta\n\nEl vie, 20 nov 2026 a las 10:00, Shop (<a@shop.example>) escribió:\n> viejo", "Respuesta"),
        ("Risposta\n\nIl giorno ven 20 nov 2026 alle ore 10:00 Shop <a@shop.example> ha scritto:\n> vecchio", "Risposta"),
        ("新内容\n\n------------------ 原始邮件 ------------------\n发件人: Shop", "新内容"),
        ("返信です\n\n2026/11/20 10:00、Shop <a@shop.example> のメール:\n> 古い", "返信です"),
        ("返信です\n\n2026年11月20日（金） 10:00 Shop <a@shop.example>:\n> 古い", "返信です"),
        ("Where is it?\n\nSent from my iPhone", "Where is it?"),
    ],
)
def test_cut_points_never_leave_an_empty_body(body, expected):
    assert one_inline(simple(body=body)).body_text == expected


def one_inline(raw: bytes):
    result = parse_email(raw)
    assert result.ignored_reason == ""
    return result.messages[0]


# --- loops ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, reason",
    [
        ("autoreply_exchange_ooo.eml", "auto-reply: Auto-Submitted: auto-replied"),
        ("autoreply_x_autoreply.eml", "auto-reply: X-Autoreply: yes"),
        ("autoreply_x_autorespond.eml", "auto-reply: X-Autorespond"),
        ("newsletter_bulk.eml", "auto-reply: Precedence: bulk"),
        ("mailing_list_id.eml", "auto-reply: List-Id header"),
        ("ooo_subject_de.eml", "auto-reply: out-of-office subject 'Abwesenheitsnotiz: Ihre Bestellung'"),
        ("read_receipt.eml", "auto-reply: disposition-notification report"),
    ],
)
def test_auto_replies_are_ignored_with_the_reason(name, reason):
    result = parse(name)
    assert result.ignored_reason == reason
    assert result.messages == []
    assert result.bounced_message_id == ""


@pytest.mark.parametrize(
    "subject",
    [
        "Out of Office: Re: your order", "Automatic reply: Order 1234", "Auto-Reply: Thanks", "Autoreply: on vacation",
        "Automatische Antwort: Ihre Bestellung", "Réponse automatique : Commande", "Absent du bureau",
        "Respuesta automática: pedido", "Fuera de la oficina", "自动回复: 订单", "自動回覆：訂單", "不在通知：ご注文", "自動応答: お問い合わせ",
    ],
)
def test_out_of_office_subjects_in_six_languages(subject):
    result = parse_email(simple(ew(subject)))
    assert result.ignored_reason == f"auto-reply: out-of-office subject {subject!r}"


@pytest.mark.parametrize("extra", ["Auto-Submitted: no\n", "Precedence: first-class\n", ""])
def test_person_mail_with_harmless_headers_is_kept(extra):
    assert one_inline(simple("Out of stock?", extra=extra)).body_text == "Where is my order?"


def test_precedence_list_and_junk_and_auto_reply():
    for value in ("list", "junk", "auto_reply"):
        assert parse_email(simple(extra=f"Precedence: {value}\n")).ignored_reason == f"auto-reply: Precedence: {value}"
    assert parse_email(simple(extra="List-Unsubscribe: <mailto:u@x>\n")).ignored_reason == "auto-reply: List-Unsubscribe header"


def test_amazon_relay_with_precedence_bulk_is_still_a_buyer_message():
    m = one("amazon_de_precedence.eml")
    assert m.channel == "amazon"
    assert m.body_text == "Guten Tag,\n\ndie Kaffeemühle kam mit einem gesprungenen Glasbehälter an. Bitte senden Sie mir Ersatz."


@pytest.mark.parametrize(
    "name, reason, original",
    [
        ("bounce_dsn_rfc822.eml", "bounce: 5.1.1 nobody@example.org — Recipient address rejected: User unknown",
         "<sd-42.0123456789abcdef@shop.example>"),
        ("bounce_rfc822_headers.eml", "bounce: 5.2.2 full@example.com — The email account that you tried to reach is over quota.",
         "<sd-77.fedcba9876543210@shop.example>"),
        ("bounce_exim_plain.eml", "bounce: 5.1.1 gone@example.net — Recipient address rejected: User unknown",
         "<sd-55.a1b2c3d4e5f60718@shop.example>"),
        ("bounce_delayed.eml",
         "bounce: 4.4.7 slow@example.com (delayed) — Your message could not be delivered for 4 hours. It will be retried until it is 5 days old.", ""),
    ],
)
def test_bounces_name_status_recipient_and_our_message(name, reason, original):
    result = parse(name)
    assert result.ignored_reason == reason
    assert result.bounced_message_id == original
    assert result.messages == []


def test_bounce_without_report_falls_back_to_in_reply_to():
    raw = simple("Returned mail", sender="postmaster@example.org", extra="In-Reply-To: <sd-3.abcdef0123456789@shop.example>\n",
                 body="Delivery failed: 550 mailbox unavailable")
    result = parse_email(raw)
    assert result.ignored_reason == "bounce: 550 — mailbox unavailable"
    assert result.bounced_message_id == "<sd-3.abcdef0123456789@shop.example>"


# --- attachments ----------------------------------------------------------------------------


def test_attachments_inline_images_and_encoded_filenames():
    m = one("attachments.eml")
    assert m.body_text == "Hallo,\nanbei Fotos vom Schaden und die Rechnung.\n[Foto]\nAnna"
    assert m.body_html == '<p>Hallo,<br>anbei Fotos vom Schaden und die Rechnung.</p><p><img src="cid:photo1@mail.example" alt="Foto"></p><p>Anna</p>'
    assert [(a.filename, a.content_type, a.content_id, a.is_inline, len(a.data)) for a in m.attachments] == [
        ("Schaden 1.png", "image/png", "photo1@mail.example", True, 70),
        ("发票 Nr. 12.pdf", "application/pdf", "", False, 69),
        ("Schäden Foto.jpg", "image/jpeg", "", False, 22),
        ("Bestellbestätigung Teil 2.txt", "text/plain", "", False, 28),
        ("attachment-5.eml", "message/rfc822", "", False, 180),
    ]
    assert m.attachments[0].data.startswith(b"\x89PNG\r\n\x1a\n")
    assert m.attachments[1].data.startswith(b"%PDF-1.4")
    assert m.attachments[3].data == "Bestellung 1234 bestätigt.\r\n".encode("latin-1")
    assert b"Subject: Zustellung fehlgeschlagen" in m.attachments[4].data
    assert m.flags == []


def test_broken_part_keeps_the_readable_text_and_flags_the_mail():
    m = one("broken_part.eml")
    assert m.body_text == "Hola, adjunto la factura del pedido 1234. ¿Pueden reembolsar el envío?"
    assert m.attachments == []
    assert m.flags == ["broken-part"]


# --- who wrote it ---------------------------------------------------------------------------


def test_reply_to_is_the_sender_of_a_contact_form_mail():
    m = one("shopify_contact_form.eml")
    assert m.sender == "jane.doe@example.com"
    assert m.sender_name == "Jane Doe"
    assert m.identities == [("email", "jane.doe@example.com")]
    assert m.body_text.endswith("Body:\nHi, I placed order #1234 on Monday and would like to change the shipping address to "
                                "12 Oak Street, Springfield. Is that still possible?")


def test_x_original_from_is_the_sender_of_a_group_mail():
    m = one("x_original_from.eml")
    assert m.sender == "bob@stone.example"
    assert m.sender_name == "Bob Stone"
    assert m.identities == [("email", "bob@stone.example")]


# --- Amazon relay ---------------------------------------------------------------------------


def test_amazon_us_buyer_message():
    m = one("amazon_us_inquiry.eml")
    assert (m.channel, m.order_platform, m.marketplace) == ("amazon", "amazon", "US")
    assert m.sender == "m1z9b3mk8gb1c26@marketplace.amazon.com"
    assert m.sender_name == "Alisa"
    assert m.subject == "Inquiry from Amazon customer Alisa (Order: 114-1234567-1234567)"
    assert m.order_number == "114-1234567-1234567"
    assert m.thread_key == "amazon:114-1234567-1234567"
    assert m.identities == [("amazon_buyer", "m1z9b3mk8gb1c26@marketplace.amazon.com")]
    assert m.body_text == (
        "Hello,\n\nI ordered the 6-quart pressure cooker on November 12 and the tracking has not moved since November 15. "
        "Could you check with the carrier? I need it before Thanksgiving."
    )
    assert m.body_full.endswith("[commMgrTok:AF9E104T7W2Q2]")
    assert m.flags == []


def test_amazon_buyer_reply_quoting_the_first_message():
    m = one("amazon_us_reply_quoting.eml")
    assert m.thread_key == "amazon:114-1234567-1234567"
    assert m.sender_name == "Alisa"
    assert m.body_text == (
        'Hi again, the tracking now says "delivered" but nothing is at my door or with my neighbours. '
        "Please send a replacement or refund me.\n\nAlisa"
    )


def test_amazon_pre_sale_question_threads_on_the_token():
    m = one("amazon_us_presale.eml")
    assert m.order_number == ""
    assert m.sender_name == "Bob"
    assert m.thread_key == "amazon:tok:BX7K2M9Q4R1T"
    assert m.body_text == "Does the 8-quart model come with a glass lid, and is the inner pot dishwasher safe?"


@pytest.mark.parametrize(
    "name, marketplace, buyer, order, text",
    [
        ("amazon_de_precedence.eml", "DE", "Max Mustermann", "302-7654321-1234567",
         "Guten Tag,\n\ndie Kaffeemühle kam mit einem gesprungenen Glasbehälter an. Bitte senden Sie mir Ersatz."),
        ("amazon_fr.eml", "FR", "Marie", "171-2345678-3456789",
         "Bonjour,\n\nLa bouilloire ne chauffe plus depuis hier. Est-elle encore sous garantie ?"),
        ("amazon_es.eml", "ES", "Lucía", "405-3456789-4567890",
         "Hola,\n\nMe llegó la talla equivocada. ¿Cómo puedo cambiarla por una talla M?"),
        ("amazon_it.eml", "IT", "Giulia", "404-4567890-5678901",
         "Buongiorno,\n\nil pacco risulta consegnato ma non l'ho ricevuto. Potete verificare?"),
        ("amazon_jp_iso2022.eml", "JP", "山田 花子", "503-5678901-6789012",
         "お世話になっております。\n\n注文した炊飯器の内釜に傷がありました。交換をお願いできますでしょうか。\n\n山田"),
        ("amazon_uk_display_name.eml", "UK", "Oliver", "026-6789012-7890123",
         "Hi, the courier left a card but there is no depot near me. Can it be redelivered on Saturday?"),
    ],
)
def test_amazon_stores_and_localized_subjects(name, marketplace, buyer, order, text):
    m = one(name)
    assert (m.channel, m.marketplace, m.sender_name, m.order_number) == ("amazon", marketplace, buyer, order)
    assert m.thread_key == f"amazon:{order}"
    assert m.body_text == text
    assert m.identities == [("amazon_buyer", m.sender)]


@pytest.mark.parametrize(
    "tld, marketplace",
    [
        ("com", "US"), ("ca", "CA"), ("com.mx", "MX"), ("co.uk", "UK"), ("de", "DE"), ("fr", "FR"), ("it", "IT"),
        ("es", "ES"), ("nl", "NL"), ("se", "SE"), ("pl", "PL"), ("co.jp", "JP"), ("com.au", "AU"), ("ae", "AE"),
        ("sg", "SG"), ("com.br", "BR"), ("com.tr", "TR"), ("sa", "SA"), ("in", "IN"), ("com.be", "BE"),
    ],
)
def test_relay_domain_names_the_store(tld, marketplace):
    raw = simple("Message from Amazon customer Sam (Order: 123-4567890-1234567)",
                 sender=f'"Sam - Amazon Marketplace" <Abc123@marketplace.amazon.{tld}>')
    m = one_inline(raw)
    assert (m.marketplace, m.sender, m.sender_name, m.order_number) == (
        marketplace, f"abc123@marketplace.amazon.{tld}", "Sam", "123-4567890-1234567")


def test_order_number_from_the_body_when_the_subject_has_none():
    raw = simple("Ship faster inquiry", sender="x1@marketplace.amazon.com",
                 body="Can order 111-2223334-4445556 arrive by Friday?\n\n[commMgrTok:TOK1]")
    m = one_inline(raw)
    assert (m.order_number, m.thread_key, m.sender_name) == ("111-2223334-4445556", "amazon:111-2223334-4445556", "")
    assert m.body_text == "Can order 111-2223334-4445556 arrive by Friday?"


# --- Seller Central notifications -----------------------------------------------------------


def test_atoz_claim_with_a_written_deadline():
    m = one("sc_atoz_us.eml")
    assert (m.channel, m.order_platform, m.marketplace) == ("amazon", "amazon", "US")
    assert m.thread_key == "amazon:114-1234567-1234567"
    assert m.order_number == "114-1234567-1234567"
    assert m.identities == []
    assert m.sender_name == "Alisa"
    assert m.is_automated is True
    assert m.claim == PlatformClaim(
        kind="atoz", external_id="5287412230", order_number="114-1234567-1234567", amount=Decimal("89.99"), currency="USD",
        reason="Item not received", respond_by=dt.datetime(2026, 11, 24, 7, 59, tzinfo=UTC),
    )


def test_atoz_claim_without_a_date_is_due_72_hours_after_the_mail_in_the_us():
    m = one("sc_atoz_us_nodate.eml")
    assert m.claim == PlatformClaim(
        kind="atoz", external_id="5287419999", order_number="112-9876543-2109876", amount=Decimal("45.50"), currency="USD",
        reason="Item not as described", respond_by=dt.datetime(2026, 11, 24, 18, 0, tzinfo=UTC),
    )
    assert m.sender_name == "Amazon"


def test_atoz_claim_without_a_date_is_due_48_hours_after_the_mail_in_the_uk():
    m = one("sc_atoz_uk_nodate.eml")
    assert m.marketplace == "UK"
    assert m.claim == PlatformClaim(
        kind="atoz", external_id="6300112233", order_number="202-1111111-2222222", amount=Decimal("24.99"), currency="GBP",
        reason="Item not received", respond_by=dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    )


def test_german_atoz_claim():
    m = one("sc_atoz_de.eml")
    assert (m.marketplace, m.thread_key, m.sender_name) == ("DE", "amazon:302-7654321-1234567", "Max Mustermann")
    assert m.claim == PlatformClaim(
        kind="atoz", external_id="7400123456", order_number="302-7654321-1234567", amount=Decimal("59.99"), currency="EUR",
        reason="Artikel beschädigt", respond_by=dt.datetime(2026, 11, 25, 22, 59, tzinfo=UTC),
    )


def test_return_request():
    m = one("sc_return_request.eml")
    assert m.claim == PlatformClaim(
        kind="return_request", external_id="DkT5nRf3RRMA", order_number="113-2223334-4445556", amount=Decimal("34.99"),
        currency="USD", reason="Item defective or doesn't work", respond_by=dt.datetime(2026, 11, 22, 20, 0, tzinfo=UTC),
    )
    assert m.sender_name == "Chen"


def test_negative_feedback_keeps_rating_and_comment():
    m = one("sc_negative_feedback.eml")
    assert m.claim == PlatformClaim(
        kind="negative_feedback", external_id="111-3334445-5556667", order_number="111-3334445-5556667",
        reason="Rating 1/5: Arrived broken and the seller never answered my message.",
    )
    assert m.thread_key == "amazon:111-3334445-5556667"


def test_chargeback():
    m = one("sc_chargeback.eml")
    assert m.claim == PlatformClaim(
        kind="chargeback", external_id="CB-88812345", order_number="114-5556667-7778889", amount=Decimal("129.00"),
        currency="USD", reason="Unauthorized transaction", respond_by=dt.datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
    )


def test_other_seller_central_mail_is_an_ordinary_message():
    m = one("sc_other_notice.eml")
    assert (m.channel, m.claim, m.thread_key) == ("email", None, "")
    assert m.body_text == "Dear Seller,\n\nThe inventory report you requested is ready to download."


# --- malformed ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "empty message"),
        (b"\r\n \r\n", "empty message"),
        ((FIXTURES / "malformed_no_from.eml").read_bytes(), "no From header, and no Sender, Reply-To or Return-Path to take it from"),
        ((FIXTURES / "malformed_bad_from.eml").read_bytes(),
         "From header has no address: 'Customer Service Team', and no Sender, Reply-To or Return-Path to take it from"),
        ((FIXTURES / "malformed_binary.eml").read_bytes(), "not an email message: binary data where the headers should be"),
    ],
)
def test_malformed_mail_raises_a_clear_error(raw, message):
    with pytest.raises(MalformedDelivery) as caught:
        parse_email(raw)
    assert str(caught.value) == message


# --- dates and money in notifications, damaged input -------------------------------------------


@pytest.mark.parametrize(
    "text, marketplace, expected",
    [
        ("November 23, 2026 11:59 PM PST", "US", dt.datetime(2026, 11, 24, 7, 59, tzinfo=UTC)),
        ("Nov 23, 2026 at 12:30 AM PDT", "US", dt.datetime(2026, 11, 23, 7, 30, tzinfo=UTC)),
        ("November 23, 2026", "US", dt.datetime(2026, 11, 24, 7, 59, 59, tzinfo=UTC)),  # end of that day, Pacific
        ("23 November 2026 18:00 GMT", "UK", dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC)),
        ("25.11.2026, 23:59 Uhr MEZ", "DE", dt.datetime(2026, 11, 25, 22, 59, tzinfo=UTC)),
        ("25. November 2026", "DE", dt.datetime(2026, 11, 25, 22, 59, 59, tzinfo=UTC)),
        ("le 26 novembre 2026 à 10:00", "FR", dt.datetime(2026, 11, 26, 9, 0, tzinfo=UTC)),
        ("27 de noviembre de 2026", "ES", dt.datetime(2026, 11, 27, 22, 59, 59, tzinfo=UTC)),
        ("2026年11月28日 17時00分", "JP", dt.datetime(2026, 11, 28, 8, 0, tzinfo=UTC)),
        ("2026-11-27 08:00 UTC+2", "", dt.datetime(2026, 11, 27, 6, 0, tzinfo=UTC)),
        ("no date here", "US", None),
        ("February 30, 2026", "US", None),
    ],
)
def test_notification_dates(text, marketplace, expected):
    from sellerdesk.channels.email.datetext import parse_datetime

    assert parse_datetime(text, marketplace) == expected


@pytest.mark.parametrize(
    "text, marketplace, expected",
    [
        ("$89.99", "US", (Decimal("89.99"), "USD")),
        ("$1,299.00", "CA", (Decimal("1299.00"), "CAD")),
        ("59,99 €", "DE", (Decimal("59.99"), "EUR")),
        ("EUR 1.234,50", "DE", (Decimal("1234.50"), "EUR")),
        ("£24.99", "UK", (Decimal("24.99"), "GBP")),
        ("¥3,980", "JP", (Decimal("3980"), "JPY")),
        ("USD 129.00", "US", (Decimal("129.00"), "USD")),
        ("R$ 249,90", "BR", (Decimal("249.90"), "BRL")),
        ("89.99", "US", (None, "")),
    ],
)
def test_notification_amounts(text, marketplace, expected):
    from sellerdesk.channels.email.datetext import parse_money

    assert parse_money(text, marketplace) == expected


def test_damaged_copies_of_every_fixture_parse_or_raise_malformed():
    """Cut-off and byte-flipped mail must never crash the parser with anything but MalformedDelivery."""
    import random

    rng = random.Random(20261120)
    checked = 0
    for path in sorted(FIXTURES.glob("*.eml")):
        data = path.read_bytes()
        variants = [data[: len(data) * i // 4] for i in range(1, 4)]
        for _ in range(3):
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            variants.append(bytes(damaged))
        for variant in variants:
            try:
                parse_email(variant)
            except MalformedDelivery:
                pass
            checked += 1
    assert checked == 6 * len(list(FIXTURES.glob("*.eml")))


def test_non_ascii_message_id_and_nul_charset_label():
    raw = simple(extra='Content-Type: text/plain; charset="ut\x00f"\n').replace(b"<inline-1@example.com>", "<idé@example.com>".encode())
    m = one_inline(raw)
    assert m.external_id == "<idé@example.com>"
    assert m.body_text == "Where is my order?"

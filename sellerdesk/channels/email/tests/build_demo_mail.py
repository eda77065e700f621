"""Wrote sellerdesk/demo/mail/*.eml and manifest.json (committed; run again only to change them).

    .venv/bin/python -m sellerdesk.channels.email.tests.build_demo_mail

`sellerdesk seed_demo` loads the manifest and rewrites each Date to
now - hours_ago, so the demo inbox always shows live countdowns: the spread of
hours_ago below gives green, amber, red and overdue deadlines. Quoted headers
avoid absolute dates for the same reason.
"""

from __future__ import annotations

import json
from pathlib import Path

from sellerdesk.channels.email.tests.emlkit import CRLF, amazon_body, amazon_head, b64, crlf, ew, headers, qp, sc_head

OUT = Path(__file__).resolve().parents[3] / "demo" / "mail"
DATE = "Mon, 23 Nov 2026 09:00:00 +0000"  # replaced by seed_demo
SUPPORT = "support@brightdesk-demo.com"
AMAZON_US = "amazon-us@brightdesk-demo.com"
AMAZON_EU = "amazon-eu@brightdesk-demo.com"
MAILS: list[tuple[str, str, float, bytes]] = []  # file, account, hours_ago, bytes


def add(name: str, account: str, hours_ago: float, head: list[tuple[str, str]], body: bytes) -> None:
    MAILS.append((name, account, hours_ago, headers(head) + CRLF + body))


def plain(charset: str = "UTF-8", cte: str = "quoted-printable") -> list[tuple[str, str]]:
    return [("MIME-Version", "1.0"), ("Content-Type", f"text/plain; charset={charset}"), ("Content-Transfer-Encoding", cte)]


# Amazon US: a buyer thread on one order, then an A-to-z claim on the same order.
US_ORDER = "113-4829103-5571920"
US_ALIAS = "k7q2m9x4w1z8c3v@marketplace.amazon.com"
add("amazon-us-where-is-my-order.eml", "amazon-us", 21, amazon_head(
    "Rachel - Amazon Marketplace", US_ALIAS, f"Inquiry from Amazon customer Rachel (Order: {US_ORDER})", DATE,
    "<0100019b1c2d3e4f-demo-us-1@email.amazonses.com>", AMAZON_US) + plain(),
    qp(amazon_body(
        "Hi,\n\nI ordered the stainless steel water bottle (32 oz, blue) for my son's school trip. The estimated delivery was "
        "three days ago and the tracking hasn't updated since it left the facility in Memphis. Can you find out where it is?\n\n"
        "Thanks,\nRachel", US_ORDER, "Insulated Water Bottle 32 oz, Blue", "QX4T9W2K7M1P")),
)
add("amazon-us-follow-up.eml", "amazon-us", 3, amazon_head(
    "Rachel - Amazon Marketplace", US_ALIAS, f"RE: Inquiry from Amazon customer Rachel (Order: {US_ORDER})", DATE,
    "<0100019b1c2d3e4f-demo-us-2@email.amazonses.com>", AMAZON_US) + plain(),
    qp(amazon_body(
        "Hello again - I still haven't heard back and the trip is on Thursday. If it can't arrive by Wednesday please cancel "
        "and refund me so I can buy one locally.\n\nRachel\n\n"
        f"On Saturday at 9:14 AM, Rachel - Amazon Marketplace <{US_ALIAS}> wrote:\n\n"
        "> Hi,\n>\n> I ordered the stainless steel water bottle (32 oz, blue) for my son's school trip. The estimated delivery was\n"
        "> three days ago and the tracking hasn't updated since it left the facility in Memphis. Can you find out where it is?",
        US_ORDER, "Insulated Water Bottle 32 oz, Blue", "QX4T9W2K7M1Q")),
)
add("amazon-us-atoz-claim.eml", "amazon-us", 1, sc_head(
    "Amazon Seller Central <seller-notification@amazon.com>", f"A-to-z Guarantee claim for order {US_ORDER}", DATE,
    "<demo-atoz-1@amazon.com>", AMAZON_US),
    qp(f"Dear Seller,\n\nA buyer has filed an A-to-z Guarantee claim for the following order. Amazon needs more information "
       f"to decide this claim.\n\nOrder ID: {US_ORDER}\nClaim ID: 5290017734\nClaim amount: $24.95\nReason: Item not received\n"
       f"Buyer: Rachel\n\nTo respond, go to Performance > A-to-z Guarantee Claims in Seller Central and click \"Respond to Amazon\".\n\n"
       f"Sincerely,\nAmazon Seller Central\n"),
)
add("amazon-us-presale-question.eml", "amazon-us", 30, amazon_head(
    "Kevin - Amazon Marketplace", "t5r8e2w9q3y6u1i@marketplace.amazon.com", "Product details inquiry from Amazon customer Kevin",
    DATE, "<0100019b1c2d3e4f-demo-us-3@email.amazonses.com>", AMAZON_US) + plain(cte="7bit"),
    crlf(amazon_body("Is the 40 oz bottle lid leak-proof when it's upside down in a backpack? And is it dishwasher safe?", "",
                     "Insulated Water Bottle 40 oz", "PR3S6V9Y2B5E")),
)
add("amazon-us-negative-feedback.eml", "amazon-us", 8, sc_head(
    "Amazon <donotreply@amazon.com>", "Negative feedback received for order 112-5567381-2290471", DATE,
    "<demo-feedback-1@amazon.com>", AMAZON_US),
    qp("Dear Seller,\n\nA buyer left feedback for the order below.\n\nOrder ID: 112-5567381-2290471\nRating: 2 (out of 5)\n"
       "Comments: \"Bottle arrived dented and the lid doesn't seal. Disappointed.\"\nBuyer: Marcus\n\n"
       "You can respond to this feedback in Seller Central under Performance > Feedback.\n"),
)
# Japan: ISO-2022-JP, as Japanese mailers still send it.
add("amazon-jp-scratched-pot.eml", "amazon-us", 26, amazon_head(
    "", "n4m7b1v5c8x2z6a@marketplace.amazon.co.jp",
    ew("Amazonのお客様 佐々木 美咲 からの問い合わせ (注文番号: 503-2231948-7781203)", "iso-2022-jp"),
    DATE, "<0106019b1c2d3e4f-demo-jp-1@ap-northeast-1.amazonses.com>", AMAZON_US) + plain("ISO-2022-JP", "7bit"),
    crlf(amazon_body("お世話になっております。\n\n本日届いた水筒ですが、本体に大きな傷がありました。\n新しい商品と交換していただけますでしょうか。\n写真が必要でしたらお送りします。\n\n佐々木",
                     "503-2231948-7781203", "ステンレス水筒 1L", "JP7D2F5H8K", "amazon.co.jp", "メッセージの始まり", "メッセージの終わり"),
         "iso2022_jp"),
)
# Europe
add("amazon-de-damaged.eml", "amazon-eu", 23, amazon_head(
    "Stefan - Amazon Marketplace", "h2j5k8l1m4n7p0q@marketplace.amazon.de",
    "Anfrage von Amazon-Kunde Stefan (Bestellung: 302-9182736-4455667)", DATE,
    "<0102019b1c2d3e4f-demo-de-1@eu-west-1.amazonses.com>", AMAZON_EU) + plain(),
    qp(amazon_body("Guten Tag,\n\ndie Thermoskanne ist heute angekommen, aber der Deckel ist gebrochen und der Karton war "
                   "eingedrückt. Ich hätte gerne Ersatz oder mein Geld zurück. Fotos kann ich schicken.\n\nMit freundlichen Grüßen\nStefan Bauer",
                   "302-9182736-4455667", "Thermoskanne 1 L Edelstahl", "DE8G3J6M9P", "amazon.de", "Anfang der Nachricht", "Ende der Nachricht")),
)
add("amazon-fr-warranty.eml", "amazon-eu", 6, amazon_head(
    "Camille - Amazon Marketplace", "c3v6b9n2m5k8j1h@marketplace.amazon.fr",
    "Demande de renseignements de la part du client Amazon Camille (Commande : 171-6650392-1180245)", DATE,
    "<0102019b1c2d3e4f-demo-fr-1@eu-west-1.amazonses.com>", AMAZON_EU) + [
    ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "base64")],
    b64(crlf(amazon_body("Bonjour,\n\nLa gourde ne garde plus le froid après seulement un mois d'utilisation. Est-elle encore "
                         "sous garantie ? Que dois-je faire ?\n\nCordialement,\nCamille", "171-6650392-1180245", "Gourde isotherme 750 ml",
                         "FR5T8W1Z4C", "amazon.fr", "Début du message", "Fin du message"))),
)
add("amazon-it-not-received.eml", "amazon-eu", 12, amazon_head(
    "Francesca - Amazon Marketplace", "f8g1h4j7k0l3z6x@marketplace.amazon.it",
    "Richiesta del cliente Amazon Francesca (Ordine: 404-7739201-6654410)", DATE,
    "<0102019b1c2d3e4f-demo-it-1@eu-west-1.amazonses.com>", AMAZON_EU) + plain(),
    qp(amazon_body("Buongiorno,\n\nil tracciamento dice che il pacco è stato consegnato ieri, ma non ho ricevuto nulla e "
                   "nemmeno i vicini. Potete aprire una verifica con il corriere?\n\nCordiali saluti\nFrancesca",
                   "404-7739201-6654410", "Borraccia termica 500 ml", "IT6Y9B2E5H", "amazon.it", "Inizio messaggio", "Fine messaggio")),
)
add("amazon-es-wrong-colour.eml", "amazon-eu", 9, amazon_head(
    "Javier - Amazon Marketplace", "w2e5r8t1y4u7i0o@marketplace.amazon.es",
    "Consulta del cliente de Amazon Javier (Pedido: 405-1188273-9920134)", DATE,
    "<0102019b1c2d3e4f-demo-es-1@eu-west-1.amazonses.com>", AMAZON_EU) + plain(),
    qp(amazon_body("Hola,\n\nPedí la botella en color verde y me ha llegado en rosa. ¿Me podéis enviar la correcta? "
                   "Devuelvo la otra sin problema.\n\nGracias,\nJavier", "405-1188273-9920134", "Botella térmica 1 L",
                   "ES7U0I3O6P", "amazon.es", "Inicio del mensaje", "Fin del mensaje")),
)
# The support mailbox
add("support-zh-gb2312.eml", "support", 20, [
    ("From", f"{ew('刘洋', 'gb2312')} <liuyang88@example.cn>"), ("To", SUPPORT),
    ("Subject", ew("保温杯漏水，申请退换", "gb2312")), ("Date", DATE), ("Message-ID", "<demo-zh-1@example.cn>"),
    ("X-Mailer", "Foxmail 7.2"), *plain("GB2312", "base64")],
    b64(crlf("你好，\n\n我在你们店里买的保温杯（订单号 #5812）用了三天就开始漏水，杯盖拧紧了也没用。\n"
             "请问可以换一个新的吗？如果不能换，希望可以退款。\n\n谢谢！\n刘洋\n", "gb18030")),
)
add("shopify-contact-1234.eml", "support", 1.5, [
    ("From", "Bright Desk Demo <mailer@shopify.com>"), ("Reply-To", "Emily Carter <emily.carter@example.com>"), ("To", SUPPORT),
    ("Subject", "New customer message on Bright Desk Demo"), ("Date", DATE), ("Message-ID", "<demo-shopify-1@shopify-mail.example>"),
    *plain()],
    qp("You received a new message from your online store's contact form.\n\nCountry Code:\nUS\n\nName:\nEmily Carter\n\n"
       "Email:\nemily.carter@example.com\n\nPhone Number:\n\n\nBody:\nHi! I placed order #1234 yesterday and just realised I "
       "picked the wrong size (20 oz instead of 32 oz). Can you change it before it ships? Happy to pay the difference.\n"),
)
add("support-es-refund.eml", "support", 18, [
    ("From", "=?UTF-8?Q?Luc=C3=ADa_Fern=C3=A1ndez?= <lucia.fernandez@example.es>"), ("To", SUPPORT),
    ("Subject", "=?UTF-8?Q?Solicitud_de_reembolso_pedido_#4471?="), ("Date", DATE), ("Message-ID", "<demo-es-1@example.es>"),
    *plain()],
    qp("Hola,\n\nDevolví la botella del pedido #4471 hace dos semanas (número de seguimiento 1Z999AA10123456784) y todavía "
       "no he recibido el reembolso. ¿Podéis revisarlo, por favor?\n\nUn saludo,\nLucía Fernández\n"),
)
add("support-thank-you.eml", "support", 0.5, [
    ("From", "Tom Wilson <tom.wilson@example.co.uk>"), ("To", SUPPORT), ("Subject", "Re: Your replacement is on its way"),
    ("Date", DATE), ("Message-ID", "<demo-thanks-1@example.co.uk>"), ("In-Reply-To", "<sd-0.demo000000000001@brightdesk-demo.com>"),
    *plain()],
    qp("Hi,\n\nThe replacement arrived this morning and it's perfect. Really impressed with how quickly you sorted it out - "
       "thank you!\n\nTom\n\nOn Monday, Bright Desk <support@brightdesk-demo.com> wrote:\n> Hi Tom, we've sent you a replacement.\n"),
)
add("support-out-of-office.eml", "support", 4, [
    ("From", "Sabine Krause <s.krause@example-firma.de>"), ("To", SUPPORT), ("Subject", "Abwesenheitsnotiz: Ihre Bestellung"),
    ("Date", DATE), ("Message-ID", "<demo-ooo-1@example-firma.de>"), ("Auto-Submitted", "auto-replied"), *plain()],
    qp("Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich Freitag nicht im Büro und habe keinen Zugriff auf meine E-Mails.\n"),
)
add("support-malformed-no-from.eml", "support", 2, [
    ("To", SUPPORT), ("Subject", "order question"), ("Date", DATE), ("Message-ID", "<demo-nofrom-1@broken-mailer.example>"),
    *plain("UTF-8", "7bit")],
    crlf("Hello, when will my order ship?\n"),
)

# One buyer who arrives three times (docs/demo.md): through the Amazon relay (an alias), by mail from her
# Gmail address written with dots, and as the Shopify order of the demo's webhooks (written without dots).
PRIYA_ORDER = "114-3307815-6629041"
add("amazon-us-priya-seal.eml", "amazon-us", 27, amazon_head(
    "Priya Sharma - Amazon Marketplace", "p6w3n8r1t5y2k9m@marketplace.amazon.com",
    f"Inquiry from Amazon customer Priya Sharma (Order: {PRIYA_ORDER})", DATE,
    "<0100019b1c2d3e4f-demo-us-4@email.amazonses.com>", AMAZON_US) + plain(),
    qp(amazon_body(
        "Hi, the bottle I bought came without the spare silicone seal that the listing says is included. Could you send one? "
        "The bottle itself is great.\n\nPriya", PRIYA_ORDER, "Insulated Water Bottle 32 oz, Green", "PS8K2M5Q9T1W")),
)
add("support-priya-gmail.eml", "support", 5, [
    ("From", "Priya Sharma <priya.sharma@gmail.com>"), ("To", SUPPORT), ("Subject", "Spare seal - also wrote on Amazon"),
    ("Date", DATE), ("Message-ID", "<CAF3x9demo-priya-1@mail.gmail.com>"), *plain()],
    qp("Hello,\n\nI wrote to you through Amazon yesterday about the missing spare seal for my water bottle (Amazon order "
       f"{PRIYA_ORDER}) but haven't heard back. Writing here in case that message got lost. I also ordered two mugs "
       "from your own web shop last week.\n\nThanks,\nPriya Sharma\n"),
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, account, hours_ago, data in MAILS:
        (OUT / name).write_bytes(data)
        manifest.append({"file": name, "account": account, "hours_ago": hours_ago})
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(MAILS)} demo mails to {OUT}")


if __name__ == "__main__":
    main()

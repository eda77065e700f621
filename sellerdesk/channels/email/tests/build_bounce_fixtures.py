"""Bounces, odd senders and sender-less mail, as real servers send them (written by build_fixtures.py).

Each bounce follows the layout its server family uses — Postfix, Sendmail, qmail, Exchange /
Office 365, Gmail, Yahoo, Amazon SES, SendGrid- and Mailgun-style relays, Domino, GroupWise,
Barracuda, Mimecast — with SellerDesk's own addresses, Message-IDs and words. Every bounce
reports one of our replies, <sd-N.hex@shop.example>, to a buyer address that failed.
"""

from __future__ import annotations

import json

from sellerdesk.channels.email.tests.emlkit import CRLF, b64, crlf, ew, headers, multipart, part, text_part

FIXTURES: dict[str, bytes] = {}


def fixture(name: str, head: list[tuple[str, str]], body: bytes) -> None:
    FIXTURES[name] = headers(head) + CRLF + body


def plain(charset: str = "us-ascii", cte: str = "7bit") -> list[tuple[str, str]]:
    return [("MIME-Version", "1.0"), ("Content-Type", f'text/plain; charset="{charset}"'), ("Content-Transfer-Encoding", cte)]


def our_reply(mid: str, to: str, subject: str = "Re: Where is my parcel?") -> str:
    """Our reply as the bounce copies it back."""
    return (f"Return-Path: <support@shop.example>\nFrom: Bright Desk <support@shop.example>\nTo: {to}\nSubject: {subject}\n"
            f"Date: Fri, 20 Nov 2026 09:00:00 +0000\nMessage-ID: {mid}\nMIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset=utf-8\n\nHello, your parcel left our warehouse today.\n")


def status_part(*blocks: str) -> bytes:
    return part([("Content-Type", "message/delivery-status")], crlf("\n\n".join(b.strip("\n") for b in blocks) + "\n"))


# --- RFC 3464 reports from the big MTAs -------------------------------------------------------

fixture(
    "bounce_sendmail_dsn.eml",
    [
        ("Return-Path", "<>"),
        ("From", "Mail Delivery Subsystem <mailer-daemon>"),
        ("To", "<support@shop.example>"),
        ("Subject", "Returned mail: see transcript for details"),
        ("Date", "Fri, 20 Nov 2026 09:00:04 -0500"),
        ("Message-Id", "<202611201400.5AKE04xQ011842@mail.hollow.example>"),
        ("Auto-Submitted", "auto-generated (failure)"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/report; report-type=delivery-status;\r\n\tboundary="5AKE04xQ011842.1763647204/mail.hollow.example"'),
    ],
    multipart(
        "5AKE04xQ011842.1763647204/mail.hollow.example",
        [
            text_part(
                "The original message was received at Fri, 20 Nov 2026 09:00:02 -0500\nfrom relay.shop.example [198.51.100.20]\n\n"
                "   ----- The following addresses had permanent fatal errors -----\n<pat@hollow.example>\n"
                "    (reason: 550 5.1.1 <pat@hollow.example>... User unknown)\n\n   ----- Transcript of session follows -----\n"
                "... while talking to store.hollow.example.:\n>>> DATA\n<<< 550 5.1.1 <pat@hollow.example>... User unknown\n"
                "550 5.1.1 <pat@hollow.example>... User unknown\n<<< 503 5.0.0 Need RCPT (recipient)\n", "us-ascii", "7bit"),
            status_part(
                "Reporting-MTA: dns; mail.hollow.example\nReceived-From-MTA: DNS; relay.shop.example\nArrival-Date: Fri, 20 Nov 2026 09:00:02 -0500",
                "Final-Recipient: RFC822; pat@hollow.example\nAction: failed\nStatus: 5.1.1\nRemote-MTA: DNS; store.hollow.example\n"
                "Diagnostic-Code: SMTP; 550 5.1.1 <pat@hollow.example>... User unknown\nLast-Attempt-Date: Fri, 20 Nov 2026 09:00:04 -0500",
            ),
            part([("Content-Type", "message/rfc822")], crlf(our_reply("<sd-101.5e1d2c3b4a596877@shop.example>", "pat@hollow.example"))),
        ],
        preamble="This is a MIME-encapsulated message",
    ),
)

fixture(
    "bounce_postfix_no_from.eml",
    [
        ("Return-Path", "<>"),
        ("To", "support@shop.example"),
        ("Subject", "Undelivered Mail Returned to Sender"),
        ("Date", "Fri, 20 Nov 2026 09:10:00 +0100 (CET)"),
        ("Message-Id", "<20261120081000.7F3A21C0455@mx.lindenhof.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="7F3A21C0455.1763629800/mx.lindenhof.example"'),
    ],
    multipart(
        "7F3A21C0455.1763629800/mx.lindenhof.example",
        [
            text_part(
                "This is the mail system at host mx.lindenhof.example.\n\nI'm sorry to have to inform you that your message could not\n"
                "be delivered to one or more recipients. It's attached below.\n\n<greta@lindenhof.example>: host\n"
                "    store.lindenhof.example[192.0.2.44] said: 552 5.2.2 <greta@lindenhof.example>:\n"
                "    Mailbox full (in reply to RCPT TO command)\n", "us-ascii", "7bit"),
            status_part(
                "Reporting-MTA: dns; mx.lindenhof.example\nX-Postfix-Queue-ID: 7F3A21C0455\nArrival-Date: Fri, 20 Nov 2026 09:09:58 +0100 (CET)",
                "Final-Recipient: rfc822; greta@lindenhof.example\nOriginal-Recipient: rfc822;greta@lindenhof.example\nAction: failed\n"
                "Status: 5.2.2\nRemote-MTA: dns; store.lindenhof.example\n"
                "Diagnostic-Code: smtp; 552 5.2.2 <greta@lindenhof.example>: Mailbox full",
            ),
            part([("Content-Type", "text/rfc822-headers")],
                 crlf(our_reply("<sd-102.aa0b1c2d3e4f5061@shop.example>", "greta@lindenhof.example").split("\n\n")[0] + "\n")),
        ],
    ),
)

fixture(
    "bounce_delivered_dsn.eml",
    [
        ("From", "Mail Delivery System <MAILER-DAEMON@mx.shop.example>"),
        ("To", "support@shop.example"),
        ("Subject", "Successful Mail Delivery Report"),
        ("Date", "Fri, 20 Nov 2026 09:20:00 +0000"),
        ("Message-Id", "<20261120092000.1B2C3D4E5F@mx.shop.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="ok-b"'),
    ],
    multipart(
        "ok-b",
        [
            text_part("This is the mail system at host mx.shop.example.\n\nYour message was successfully delivered to the destination(s)\n"
                      "listed below.\n\n<ravi@kestrel.example>: delivery via mx.kestrel.example[203.0.113.70]:25: 250 2.0.0 Ok: queued\n",
                      "us-ascii", "7bit"),
            status_part("Reporting-MTA: dns; mx.shop.example",
                        "Final-Recipient: rfc822; ravi@kestrel.example\nAction: relayed\nStatus: 2.0.0\nRemote-MTA: dns; mx.kestrel.example\n"
                        "Diagnostic-Code: smtp; 250 2.0.0 Ok: queued"),
            part([("Content-Type", "text/rfc822-headers")], crlf("From: support@shop.example\nMessage-ID: <sd-103.0f1e2d3c4b5a6978@shop.example>\n")),
        ],
    ),
)

# --- plain-text bounces -----------------------------------------------------------------------

fixture(
    "bounce_qmail.eml",
    [
        ("Return-Path", "<>"),
        ("From", "<>"),
        ("To", "support@shop.example"),
        ("Subject", "failure notice"),
        ("Date", "20 Nov 2026 09:30:00 -0000"),
        ("Message-ID", "<20261120093000.31337.qmail@mail.birchwood.example>"),
        *plain(),
    ],
    crlf(
        "Hi. This is the qmail-send program at mail.birchwood.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n<oskar@birchwood.example>:\n"
        "192.0.2.90 does not like recipient.\nRemote host said: 550 5.1.1 <oskar@birchwood.example>... No such user here\n"
        "Giving up on 192.0.2.90.\n\n--- Below this line is a copy of the message.\n\n"
        + our_reply("<sd-104.7a6b5c4d3e2f1a0b@shop.example>", "oskar@birchwood.example")
    ),
)

fixture(
    "bounce_yahoo.eml",
    [
        ("From", "MAILER-DAEMON@yahoo.com"),
        ("To", "support@shop.example"),
        ("Subject", "Failure Notice"),
        ("Date", "Fri, 20 Nov 2026 09:31:00 +0000"),
        ("Message-ID", "<bounce-9f8e7d6c@mta12.mail.gq1.yahoo.com>"),
        *plain("utf-8"),
    ],
    crlf(
        "Sorry, we were unable to deliver your message to the following address.\n\n<lina.park@yahoo.com>:\n"
        "554: delivery error: dd This user doesn't have a yahoo.com account (lina.park@yahoo.com) [0] - mta12.mail.gq1.yahoo.com\n\n"
        "--- Below this line is a copy of the message.\n\n"
        + our_reply("<sd-105.1029384756abcdef@shop.example>", "lina.park@yahoo.com")
    ),
)

fixture(
    "bounce_gmail_legacy.eml",
    [
        ("Return-Path", "<>"),
        ("From", "Mail Delivery Subsystem <mailer-daemon>"),
        ("To", "support@shop.example"),
        ("Subject", "Delivery Status Notification (Failure)"),
        ("Date", "Fri, 20 Nov 2026 01:32:00 -0800"),
        ("Message-ID", "<047d7b5d2a4e9c8f0b05e1f2a3b4@google.com>"),
        ("X-Failed-Recipients", "no.such.buyer@gmail.com"),
        *plain("ISO-8859-1", "quoted-printable"),
    ],
    crlf(
        "Delivery to the following recipient failed permanently:\n\n     no.such.buyer@gmail.com\n\n"
        "Technical details of permanent failure:\nThe email account that you tried to reach does not exist. Please try double-checking the=\n"
        " recipient's email address for typos or unnecessary spaces.\n\n----- Original message -----\n\n"
        "X-Received: by 10.0.0.1 with SMTP id a1; Fri, 20 Nov 2026 01:31:58 -0800\nMIME-Version: 1.0\n"
        "From: Bright Desk <support@shop.example>\nDate: Fri, 20 Nov 2026 09:31:57 +0000\n"
        "Message-ID: <sd-106.c0ffee00deadbeef@shop.example>\nSubject: Re: Refund for order 1234\nTo: no.such.buyer@gmail.com\n"
        "Content-Type: text/plain; charset=UTF-8\n\nHello, your refund was sent today.\n"
    ),
)

# --- Microsoft Exchange / Office 365 ----------------------------------------------------------

O365_TEXT = """Delivery has failed to these recipients or groups:

kim.berg@fjord-trading.example
The email address you entered couldn't be found. Please check the recipient's email address and try to resend the message. If the problem continues, please contact your helpdesk.

Diagnostic information for administrators:

Generating server: AM9PR07MB7123.eurprd07.prod.outlook.example

kim.berg@fjord-trading.example
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

Original message headers:

Received: from relay.shop.example (198.51.100.20) by AM9PR07MB7123.eurprd07.prod.outlook.example
 with Microsoft SMTP Server id 15.20.7000.0; Fri, 20 Nov 2026 09:40:01 +0000
From: Bright Desk <support@shop.example>
To: <kim.berg@fjord-trading.example>
Subject: Re: Damaged box
Date: Fri, 20 Nov 2026 09:40:00 +0000
Message-ID:
 <sd-107.00aa11bb22cc33dd@shop.example>
MIME-Version: 1.0
"""
fixture(
    "bounce_office365.eml",
    [
        ("From", "Microsoft Outlook\r\n <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@fjordtrading.onmicrosoft.example>"),
        ("To", "<support@shop.example>"),
        ("Subject", "Undeliverable: Re: Damaged box"),
        ("Date", "Fri, 20 Nov 2026 09:40:02 +0000"),
        ("Message-ID", "<a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d@AM9PR07MB7123.eurprd07.prod.outlook.example>"),
        ("Content-Language", "en-US"),
        ("X-MS-Exchange-Message-Is-Ndr", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/report; report-type=delivery-status;\r\n\tboundary="_000_ndr_b"'),
    ],
    multipart(
        "_000_ndr_b",
        [
            part([("Content-Type", 'multipart/alternative; differences=Content-Type;\r\n\tboundary="_002_ndr_alt"')],
                 multipart("_002_ndr_alt", [text_part(O365_TEXT, "us-ascii", "quoted-printable"),
                                             text_part("<html><body><p><b>Delivery has failed to these recipients or groups:</b></p>"
                                                       "<p>kim.berg@fjord-trading.example</p></body></html>\n", "us-ascii", "7bit", "html")],
                           preamble="")),
            status_part("Reporting-MTA: dns;AM9PR07MB7123.eurprd07.prod.outlook.example\nReceived-From-MTA: dns;relay.shop.example\n"
                        "Arrival-Date: Fri, 20 Nov 2026 09:40:01 +0000",
                        "Original-Recipient: rfc822;kim.berg@fjord-trading.example\nFinal-Recipient: rfc822;kim.berg@fjord-trading.example\n"
                        "Action: failed\nStatus: 5.1.10\nDiagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
        ],
        preamble="",
    ),
)

fixture(
    "bounce_exchange_legacy.eml",
    [
        ("From", "System Administrator <postmaster@corp.harbor.example>"),
        ("To", "Bright Desk <support@shop.example>"),
        ("Subject", "Undeliverable: Re: Order 1234"),
        ("Date", "Fri, 20 Nov 2026 09:45:00 +0000"),
        ("Message-ID", "<NDR-20261120-0945@mail.corp.harbor.example>"),
        ("X-MS-Has-Attach", "yes"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/mixed; boundary="----_=_NextPart_001_01C8"'),
    ],
    multipart(
        "----_=_NextPart_001_01C8",
        [
            text_part(
                "Your message did not reach some or all of the intended recipients.\n\n      Subject:\tRe: Order 1234\n"
                "      Sent:\t20/11/2026 09:44\n\nThe following recipient(s) cannot be reached:\n\n      'Ann Lee' on 20/11/2026 09:45\n"
                "            The e-mail account does not exist at the organization this message was sent to.  Check the e-mail address, "
                "or contact the recipient directly to find out the correct address.\n"
                "            <mail.corp.harbor.example #5.1.1 smtp;550 5.1.1 User unknown>\n", "us-ascii", "7bit"),
            part([("Content-Type", "message/rfc822")], crlf(our_reply("<sd-108.99887766554433aa@shop.example>", "'Ann Lee' <ann.lee@corp.harbor.example>",
                                                                       "Re: Order 1234"))),
        ],
    ),
)

# --- providers and relay services -------------------------------------------------------------

fixture(
    "bounce_ses_dsn.eml",
    [
        ("Return-Path", "<>"),
        ("From", "MAILER-DAEMON@amazonses.com"),
        ("To", "support@shop.example"),
        ("Subject", "Delivery Status Notification (Failure)"),
        ("Date", "Fri, 20 Nov 2026 09:50:00 +0000"),
        ("Message-ID", "<0100019b2c3d4e5f-bounce-000000@email.amazonses.com>"),
        ("X-SES-Outgoing", "2026.11.20-54.240.0.1"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="ses-dsn-b"'),
    ],
    multipart(
        "ses-dsn-b",
        [
            text_part("An error occurred while trying to deliver the mail to the following recipients:\nmateo@sierra-goods.example\n", "UTF-8", "7bit"),
            status_part("Reporting-MTA: dns; a8-12.smtp-out.amazonses.com",
                        "Action: failed\nFinal-Recipient: rfc822; mateo@sierra-goods.example\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\nStatus: 5.1.1"),
            part([("Content-Type", "text/rfc822-headers")],
                 crlf("From: support@shop.example\nTo: mateo@sierra-goods.example\nSubject: Re: Size exchange\n"
                      "Message-ID: <sd-109.13579bdf2468ace0@shop.example>\n")),
        ],
        preamble="",
    ),
)

SES_BOUNCE = {
    "notificationType": "Bounce",
    "bounce": {
        "bounceType": "Permanent", "bounceSubType": "General", "reportingMTA": "dsn; a8-30.smtp-out.amazonses.com",
        "timestamp": "2026-11-20T09:55:02.000Z", "feedbackId": "0100019b-feedback-000000",
        "bouncedRecipients": [{"emailAddress": "noor@palm-bazaar.example", "action": "failed", "status": "5.4.1",
                               "diagnosticCode": "smtp; 550 5.4.1 Recipient address rejected: Access denied"}],
    },
    "mail": {
        "timestamp": "2026-11-20T09:55:00.000Z", "source": "support@shop.example", "messageId": "0100019b2c3d4e5f-000000",
        "destination": ["noor@palm-bazaar.example"],
        "headers": [{"name": "From", "value": "support@shop.example"}, {"name": "Message-ID", "value": "<sd-110.2468ace013579bdf@shop.example>"}],
        "commonHeaders": {"from": ["support@shop.example"], "to": ["noor@palm-bazaar.example"], "messageId": "<sd-110.2468ace013579bdf@shop.example>",
                          "subject": "Re: Where is my order?"},
    },
}
fixture(
    "bounce_ses_notification.eml",
    [
        ("From", "AWS Notifications <no-reply@sns.amazonaws.com>"),
        ("To", "support@shop.example"),
        ("Subject", "AWS Notification Message"),
        ("Date", "Fri, 20 Nov 2026 09:55:03 +0000"),
        ("Message-ID", "<0000019b-sns-notification@email.amazonses.com>"),
        ("X-Amz-Sns-Message-Id", "7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09"),
        ("X-Amz-Sns-Subscription-Arn", "arn:aws:sns:eu-west-1:000000000000:shop-bounces:11111111-2222-3333-4444-555555555555"),
        *plain("UTF-8"),
    ],
    crlf(json.dumps({"Type": "Notification", "MessageId": "7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09", "Message": json.dumps(SES_BOUNCE)}, indent=2)
         + "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n"
         "https://sns.eu-west-1.amazonaws.com/unsubscribe.html?SubscriptionArn=arn:aws:sns:eu-west-1:000000000000:shop-bounces\n"),
)

fixture(
    "bounce_relay_sendgrid_style.eml",
    [
        ("Return-Path", "<apps@relay-mailer.example>"),
        ("From", "Relay Mailer <no-reply@relay-mailer.example>"),
        ("To", "support@shop.example"),
        ("Subject", "Undelivered Mail Returned to Sender"),
        ("Date", "Fri, 20 Nov 2026 10:00:00 +0000"),
        ("Message-ID", "<bounce-3e4f5a6b@relay-mailer.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/mixed; boundary="rm-b"'),
    ],
    multipart(
        "rm-b",
        [
            text_part(
                "This is an automatically generated message from Relay Mailer.\n\nI'm sorry to have to tell you that your message was not able to be\n"
                "delivered to one of its intended recipients.\n\nshop:000123:<chloe@orchard-home.example> : 203.0.113.18 : mx.orchard-home.example :\n"
                "  550 5.7.1 <chloe@orchard-home.example>... Message rejected as spam  in RCPT TO\n", "us-ascii", "7bit"),
            part([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment")],
                 crlf(our_reply("<sd-111.fedcba0123456789@shop.example>", "chloe@orchard-home.example"))),
        ],
    ),
)

fixture(
    "bounce_relay_mailgun_style.eml",
    [
        ("From", "Mail Delivery Service <postmaster@mg.shop.example>"),
        ("To", "support@shop.example"),
        ("Subject", "Delivery failed: Re: Missing screws"),
        ("Date", "Fri, 20 Nov 2026 10:05:00 +0000"),
        ("Message-ID", "<20261120100500.fail.1@mg.shop.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/mixed; boundary="mg-b"'),
    ],
    multipart(
        "mg-b",
        [
            text_part("Your message to jonas@alpine-tools.example could not be delivered.\n\nThe receiving server answered:\n"
                      "    421 4.7.0 Try again later, closing connection. (delivery attempts exhausted after 3 days)\n", "utf-8", "7bit"),
            part([("Content-Type", "text/rfc822-headers")],
                 crlf("From: Bright Desk <support@shop.example>\nTo: jonas@alpine-tools.example\nSubject: Re: Missing screws\n"
                      "Message-Id: <sd-112.0a0b0c0d0e0f1011@shop.example>\n")),
        ],
    ),
)

# --- groupware and appliances -----------------------------------------------------------------

fixture(
    "bounce_domino.eml",
    [
        ("From", "Mail Router <mailrouter@notes.larch.example>"),
        ("To", "support@shop.example"),
        ("Subject", "DELIVERY FAILURE: User Tom Berg (tberg@notes.larch.example) not listed in Domino Directory"),
        ("Date", "Fri, 20 Nov 2026 10:10:00 +0100"),
        ("Message-ID", "<OF1A2B3C4D.5E6F7A8B-ON00000001@notes.larch.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/mixed; boundary="=_mixed 0052A1B2C1258A00_="'),
    ],
    multipart(
        "=_mixed 0052A1B2C1258A00_=",
        [
            text_part("Your message\n\n  Subject: Re: Invoice for order 1234\n\nwas not delivered to:\n\n  tberg@notes.larch.example\n\n"
                      "because:\n\n  User Tom Berg (tberg@notes.larch.example) not listed in Domino Directory\n", "us-ascii", "7bit"),
            part([("Content-Type", "message/rfc822")],
                 crlf(our_reply("<sd-113.1122334455667788@shop.example>", "tberg@notes.larch.example", "Re: Invoice for order 1234"))),
        ],
        preamble="",
    ),
)

fixture(
    "bounce_groupwise.eml",
    [
        ("From", "GroupWise Internet Agent <gwia@gw.quarry.example>"),
        ("To", "support@shop.example"),
        ("Subject", "Message status - undeliverable"),
        ("Date", "Fri, 20 Nov 2026 10:12:00 +0100"),
        ("Message-ID", "<5F2A1C.quarry.gwia.100@gw.quarry.example>"),
        *plain("US-ASCII"),
    ],
    crlf(
        "The message that you sent was undeliverable to the following:\n\tkarl.vogt@gw.quarry.example (user not found)\n\n"
        "Possibly truncated original message follows:\n\n"
        + our_reply("<sd-114.99aa88bb77cc66dd@shop.example>", "karl.vogt@gw.quarry.example", "Re: Warranty")
    ),
)

fixture(
    "bounce_barracuda.eml",
    [
        ("Return-Path", "<>"),
        ("From", "Spam Firewall <spamfw@gate.meadow.example>"),
        ("To", "support@shop.example"),
        ("Subject", "**Message you sent blocked by our bulk email filter**"),
        ("Date", "Fri, 20 Nov 2026 10:15:00 +0000"),
        ("Message-ID", "<bfw-20261120101500-1@gate.meadow.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/mixed; boundary="bfw-b"'),
    ],
    multipart(
        "bfw-b",
        [
            text_part("Your message to: eva@meadow.example\nwas blocked by our Spam Firewall. The email you sent with the following subject "
                      "has NOT BEEN DELIVERED:\n\nSubject: Re: Coupon for your next order\n", "us-ascii", "7bit"),
            part([("Content-Type", "text/rfc822-headers")],
                 crlf("From: Bright Desk <support@shop.example>\nTo: eva@meadow.example\nSubject: Re: Coupon for your next order\n"
                      "Message-ID: <sd-115.ab12cd34ef56ab78@shop.example>\n")),
        ],
    ),
)

fixture(
    "bounce_mimecast.eml",
    [
        ("From", "Email Security Gateway <notifications@mail-gateway.example>"),
        ("To", "support@shop.example"),
        ("Subject", "[Postmaster] Email Delivery Failure"),
        ("Date", "Fri, 20 Nov 2026 10:20:00 +0000"),
        ("Message-ID", "<1763633999-0000000001@eu-mta-7.mail-gateway.lan>"),
        ("In-Reply-To", "<sd-116.0123abcd4567ef89@shop.example>"),
        ("Auto-Submitted", "auto-replied"),
        *plain("utf-8"),
    ],
    crlf(
        "An email that you attempted to send to the following address could not be delivered:\n\n-- liam@quayside.example\n\n"
        "The problem appears to be :\n\n-- Recipient email address is possibly incorrect\n\nAdditional information follows :\n\n"
        "-- 5.4.1 Recipient address rejected: Access denied\n\nThis could be due to a number of reasons; please check the address and try again.\n"
    ),
)

# --- delay warning without a report ---------------------------------------------------------

fixture(
    "bounce_sendmail_warning.eml",
    [
        ("From", "Mail Delivery Subsystem <MAILER-DAEMON@mail.hollow.example>"),
        ("To", "support@shop.example"),
        ("Subject", "Warning: could not send message for past 4 hours"),
        ("Date", "Fri, 20 Nov 2026 13:00:00 -0500"),
        ("Message-Id", "<202611201800.5AKI00aB022001@mail.hollow.example>"),
        ("In-Reply-To", "<sd-117.55aa66bb77cc88dd@shop.example>"),
        *plain(),
    ],
    crlf(
        "    **********************************************\n    **      THIS IS A WARNING MESSAGE ONLY      **\n"
        "    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n    **********************************************\n\n"
        "The original message was received at Fri, 20 Nov 2026 09:00:00 -0500\n\n"
        "   ----- Transcript of session follows -----\n<pat@hollow.example>... Deferred: Connection timed out with store.hollow.example.\n"
        "Warning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old\n"
    ),
)

# --- auto-replies from machine senders --------------------------------------------------------

fixture(
    "autoreply_null_from.eml",
    [
        ("Return-Path", "<>"),
        ("From", "<>"),
        ("To", "support@shop.example"),
        ("Subject", "Out of Office: Re: Where is my parcel?"),
        ("Date", "Fri, 20 Nov 2026 10:30:00 +0100"),
        ("Message-ID", "<vacation-1@mail.pinecrest.example>"),
        ("In-Reply-To", "<sd-118.0a1b2c3d4e5f6071@shop.example>"),
        *plain("utf-8"),
    ],
    crlf("I am away until 1 December and will answer your message when I am back.\n"),
)
fixture(
    "autoreply_no_from.eml",
    [
        ("Return-Path", "<>"),
        ("To", "support@shop.example"),
        ("Subject", "Thank you for your message"),
        ("Date", "Fri, 20 Nov 2026 10:31:00 +0100"),
        ("Message-ID", "<ack-7@helpdesk.pinecrest.example>"),
        ("Auto-Submitted", "auto-replied"),
        *plain("utf-8"),
    ],
    crlf("We have received your message and will reply within two working days.\n"),
)

# --- odd senders: lenient reading and fallbacks -----------------------------------------------

fixture(
    "sender_no_brackets.eml",
    [("From", "Mia Lang mia.lang@example.com"), ("To", "support@shop.example"), ("Subject", "Broken handle"),
     ("Date", "Fri, 20 Nov 2026 11:00:00 +0000"), ("Message-ID", "<sender-1@example.com>"), *plain("utf-8")],
    crlf("Hello, the handle of the kettle came off after two days.\n"),
)
fixture(
    "sender_unquoted_comma_utf8.eml",
    [("From", "Müller, Jörg <Joerg.Mueller@example.de>"), ("To", "support@shop.example"), ("Subject", "Rechnung fehlt"),
     ("Date", "Fri, 20 Nov 2026 11:01:00 +0100"), ("Message-ID", "<sender-2@example.de>"), *plain("utf-8", "8bit")],
    crlf("Guten Tag, der Lieferung lag keine Rechnung bei.\n"),
)
fixture(
    "sender_encoded_address.eml",
    [("From", ew("Søren Holm <soren.holm@example.dk>")), ("To", "support@shop.example"), ("Subject", "Tracking"),
     ("Date", "Fri, 20 Nov 2026 11:02:00 +0100"), ("Message-ID", "<sender-3@example.dk>"), *plain("utf-8")],
    crlf("Hi, the tracking link gives an error page.\n"),
)
fixture(
    "sender_from_sender_header.eml",
    [("Sender", "Ines Duarte <ines.duarte@example.pt>"), ("To", "support@shop.example"), ("Subject", "Encomenda atrasada"),
     ("Date", "Fri, 20 Nov 2026 11:03:00 +0000"), ("Message-ID", "<sender-4@example.pt>"), *plain("utf-8", "8bit")],
    crlf("Olá, a minha encomenda ainda não chegou.\n"),
)
fixture(
    "sender_from_name_only_reply_to.eml",
    [("From", "Order Desk"), ("Reply-To", "Wei Zhang <wei.zhang@example.cn>"), ("To", "support@shop.example"), ("Subject", "Invoice please"),
     ("Date", "Fri, 20 Nov 2026 11:04:00 +0800"), ("Message-ID", "<sender-5@example.cn>"), *plain("utf-8")],
    crlf("Please send the invoice for order 1234 with our company name.\n"),
)
fixture(
    "sender_from_return_path.eml",
    [("Return-Path", "<sam.otieno@example.ke>"), ("To", "support@shop.example"), ("Subject", "Wrong colour"),
     ("Date", "Fri, 20 Nov 2026 11:05:00 +0300"), ("Message-ID", "<sender-6@example.ke>"), *plain("utf-8")],
    crlf("I ordered the blue one and got the green one.\n"),
)
fixture(
    "malformed_no_sender_anywhere.eml",
    [("From", "Customer Service Team"), ("Reply-To", "Customer Service Team"), ("To", "support@shop.example"), ("Subject", "Hello"),
     ("Date", "Fri, 20 Nov 2026 11:06:00 +0000"), ("Message-ID", "<no-sender-1@example.com>"), *plain("utf-8")],
    crlf("Hello\n"),
)

# base64-encoded so the test of "never a crash" also walks an encoded delivery-status part
fixture(
    "bounce_encoded_status_part.eml",
    [
        ("From", "MAILER-DAEMON <>"),
        ("To", "support@shop.example"),
        ("Subject", "Undeliverable mail"),
        ("Date", "Fri, 20 Nov 2026 11:10:00 +0000"),
        ("Message-ID", "<b64-status-1@mx.tundra.example>"),
        ("MIME-Version", "1.0"),
        ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="enc-b"'),
    ],
    multipart(
        "enc-b",
        [
            text_part("The message could not be delivered.\n", "us-ascii", "7bit"),
            part([("Content-Type", "message/delivery-status"), ("Content-Transfer-Encoding", "base64")],
                 b64(crlf("Reporting-MTA: dns; mx.tundra.example\n\nFinal-Recipient: rfc822; aino@tundra.example\nAction: failed\nStatus: 5.1.2\n"
                          "Diagnostic-Code: smtp; 550 5.1.2 Host unknown (Name server: tundra.example: host not found)\n"))),
            part([("Content-Type", "message/rfc822")], crlf(our_reply("<sd-119.1a2b3c4d5e6f7a8b@shop.example>", "aino@tundra.example"))),
        ],
    ),
)

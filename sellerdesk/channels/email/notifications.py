"""Seller Central notification mails -> PlatformClaim: A-to-z claims, return requests, negative feedback, chargebacks.

Facts used (docs/channels.md, Platform facts → Amazon): there is no SP-API push for A-to-z
claims, so the claim mail is the signal; Amazon asks for information with a
deadline of 72 h (US) / 48 h (UK, AU).

Assumptions, since no captured notification was available — the fixtures in
fixtures/sc_*.eml are invented in this shape:
- they come from seller-notification@amazon.<tld> or a *no-reply* /
  *donotreply* address at amazon.<tld> (or a subdomain of it);
- the kind is named in the subject (else the body): "A-to-z Guarantee claim",
  "Return request" / "Return authorization", "Negative feedback",
  "Chargeback", and German "A-bis-z-Garantieantrag", "Rücksendeanfrage",
  "Negative Bewertung", "Rückbuchung";
- details are "Label: value" lines (Order ID, Claim ID, Claim amount,
  Reason, Respond by, Rating, Comments, Buyer; German Bestellnummer,
  Antrags-ID, Betrag, Grund, Antwort bis, Bewertung, Kommentar, Käufer), or a
  sentence "respond … by <date>" / "antworten Sie bis zum <date>";
- with no date written: A-to-z 72 h from the mail's Date (48 h UK/AU),
  chargeback 7 days, return request 48 h (Amazon asks sellers to answer return
  requests within two business days), negative feedback none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sellerdesk.channels.base import PlatformClaim
from sellerdesk.channels.email import amazon, datetext

_SENDER = re.compile(
    r"^(?:seller-notifications?|[a-z0-9.-]*no-?reply[a-z0-9.-]*|[a-z0-9.-]*donotreply[a-z0-9.-]*|do-not-reply)"
    r"@(?:[a-z0-9-]+\.)*amazon\.(?P<tld>[a-z.]+)$"
)
_KINDS = [
    ("chargeback", re.compile(r"charge-?back|rückbuchung|rétrofacturation|contracargo|riaddebito|チャージバック", re.I)),
    ("atoz", re.compile(r"A-to-z|A-bis-z|A à z|de la A a la z|dalla A alla Z|Aマーケットプレイス保証|A-z保証", re.I)),
    ("return_request", re.compile(r"return (?:request|authori[sz]ation)|rücksendeanfrage|rücksendung|demande de retour|"
                                  r"solicitud de devolución|richiesta di reso|返品リクエスト", re.I)),
    ("negative_feedback", re.compile(r"negative (?:seller )?feedback|negatives? (?:feedback|bewertung)|commentaire négatif|"
                                     r"valoración negativa|feedback negativo|否定的な評価", re.I)),
]


def _labels(*names: str) -> re.Pattern:
    return re.compile(rf"^[ \t]*(?:{'|'.join(names)})[ \t]*[:：][ \t]*(?P<v>[^\n]*?)[ \t]*$", re.MULTILINE | re.IGNORECASE)


_CLAIM_ID = _labels(r"(?:A-to-z )?Claim ID", "Case ID", "Chargeback ID", "Return request ID", "RMA ID", "Antrags-ID",
                    "Anspruchs-ID", "Fall-ID", "Rückbuchungs-ID", "Rücksende-ID", "ID de (?:la )?réclamation", "ID de reclamación",
                    "ID reclamo", "申請ID")
_AMOUNT = _labels("Claim amount", "Chargeback amount", "Amount", "Refund amount", "Antragsbetrag", "Betrag",
                  "Montant(?: de la réclamation)?", "Importe", "Importo", "金額", "申請金額")
_REASON = _labels("Claim reason", "Return reason", "Chargeback reason", "Reason", "Grund", "Rücksendegrund",
                  "Motif", "Motivo", "理由", "申請理由")
_RESPOND_BY = _labels("Respond by", "Response due(?: by)?", "Reply by", "Due date", "Deadline", "Antwort bis", "Frist",
                      "Répondre avant(?: le)?", "Responder antes de", "Rispondere entro", "回答期限")
_RESPOND_SENTENCE = re.compile(
    r"(?:respond|response|reply)[^\n]{0,80}?\b(?:by|before|no later than)\b(?P<v>[^\n]+)"
    r"|antworten Sie[^\n]{0,60}?\bbis(?P<w>[^\n]+)",
    re.IGNORECASE,
)
_RATING = _labels("Rating", "Bewertung", "Note", "Valoración", "Valutazione", "評価")
_COMMENT = _labels("Comments?", "Buyer comments?", "Kommentar", "Commentaire", "Comentario", "Commento", "コメント")
_BUYER = _labels("Buyer name", "Buyer", "Customer name", "Käufer(?:name)?", "Kunde", "Acheteur", "Comprador", "Acquirente", "購入者")
_DEFAULT_WINDOWS = {
    "atoz": dt.timedelta(hours=72),
    "chargeback": dt.timedelta(days=7),
    "return_request": dt.timedelta(hours=48),
}
_SHORT_ATOZ_STORES = {"UK", "AU"}


@dataclass
class Notice:
    marketplace: str
    order_number: str
    buyer_name: str
    claim: PlatformClaim

    @property
    def thread_key(self) -> str:
        return f"amazon:{self.order_number}" if self.order_number else ""


def is_notification_sender(address: str) -> bool:
    return bool(_SENDER.match(address or ""))


def read_notice(address: str, subject: str, text: str, sent_at: dt.datetime | None, fallback_id: str) -> Notice | None:
    """The claim a Seller Central mail announces, or None when it announces none of ours."""
    kind = _kind(subject, text)
    if kind is None:
        return None
    marketplace = amazon.marketplace_of(_SENDER.match(address).group("tld"))
    order = amazon.find_order(subject, text)
    amount, currency = datetext.parse_money(_value(_AMOUNT, text), marketplace)
    reason = _value(_REASON, text)
    if kind == "negative_feedback":
        rating, comment = _value(_RATING, text), _value(_COMMENT, text).strip("\"'“”„")
        rating = re.match(r"\d", rating).group(0) + "/5" if re.match(r"\d", rating) else rating
        reason = ": ".join(p for p in (f"Rating {rating}" if rating else "", comment) if p)
    claim = PlatformClaim(
        kind=kind,
        external_id=_value(_CLAIM_ID, text) or order or fallback_id,
        order_number=order,
        amount=amount,
        currency=currency,
        reason=reason[:200],
        respond_by=_respond_by(kind, text, marketplace, sent_at),
    )
    return Notice(marketplace=marketplace, order_number=order, buyer_name=_value(_BUYER, text), claim=claim)


def _kind(subject: str, text: str) -> str | None:
    for where in (subject, text[:2000]):
        for kind, pattern in _KINDS:
            if pattern.search(where or ""):
                return kind
    return None


def _value(pattern: re.Pattern, text: str) -> str:
    found = pattern.search(text)
    return found.group("v").strip() if found else ""


def _respond_by(kind: str, text: str, marketplace: str, sent_at: dt.datetime | None) -> dt.datetime | None:
    written = _value(_RESPOND_BY, text)
    when = datetext.parse_datetime(written, marketplace) if written else None
    if when is None:
        for sentence in _RESPOND_SENTENCE.finditer(text):
            when = datetext.parse_datetime(sentence.group("v") or sentence.group("w"), marketplace)
            if when:
                break
    if when is not None or kind not in _DEFAULT_WINDOWS or sent_at is None:
        return when
    if kind == "atoz" and marketplace in _SHORT_ATOZ_STORES:
        return sent_at + dt.timedelta(hours=48)
    return sent_at + _DEFAULT_WINDOWS[kind]

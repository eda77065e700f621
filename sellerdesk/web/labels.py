"""Translated labels for the codes stored in rows (status, intent, channel...).

The models keep plain English choice labels for the API; the UI shows these.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale, UnknownLocaleError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

STATUSES = {
    "open": _("Open"),
    "pending": _("Pending"),
    "snoozed": _("Snoozed"),
    "resolved": _("Resolved"),
}
STATUS_HELP = {
    "open": _("Waiting for us"),
    "pending": _("Waiting on the buyer"),
    "snoozed": _("Hidden until a set time"),
    "resolved": _("Done"),
}
class _ChannelLabels(Mapping):
    """Channel code -> label. The names that are no channel of the registry (the Amazon relay, the
    marketplaces read from mail) are listed here; every registered channel brings its own label
    (`Channel.label`, through gettext), so adding a channel does not touch this file. Read from the
    registry on first use (the registry imports the channels, which import the web's helpers)."""

    def __init__(self, fixed: dict):
        self._fixed = fixed
        self._all: dict | None = None

    def _table(self) -> dict:
        if self._all is None:
            from sellerdesk.channels.registry import CHANNELS as REGISTERED, get_channel

            self._all = {**self._fixed, **{n: get_channel(n).label for n in REGISTERED if n not in self._fixed}}
        return self._all

    def __getitem__(self, key):
        return self._table()[key]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


CHANNELS = _ChannelLabels({
    "email": _("Email"),
    "amazon": _("Amazon"),
    "amazon_spapi": _("Amazon SP-API"),
    "ebay": _("eBay"),
    "shopify": _("Shopify"),
    "tiktok": _("TikTok Shop"),
    "walmart": _("Walmart"),
    "meta": _("Facebook / Instagram"),
    "wechat": _("WeChat"),
    "line": _("LINE"),
    "webchat": _("Web chat"),
})
INTENTS = {
    "delivery_issue": _("Delivery issue"),
    "damaged_defective": _("Damaged / defective"),
    "wrong_or_missing_item": _("Wrong or missing item"),
    "dispute_claim": _("Dispute / claim"),
    "complaint": _("Complaint"),
    "order_status": _("Order status"),
    "return_exchange": _("Return / exchange"),
    "refund": _("Refund"),
    "cancel_order": _("Cancel order"),
    "change_order": _("Change order"),
    "product_question": _("Product question"),
    "payment_billing": _("Payment / billing"),
    "account": _("Account"),
    "feedback_thanks": _("Feedback / thanks"),
    "other": _("Other"),
}
SENTIMENTS = {"negative": _("Negative"), "neutral": _("Neutral"), "positive": _("Positive")}
TIERS = {1: _("Tier 1: answer within hours"), 2: _("Tier 2: answer today"), 3: _("Tier 3: when time allows")}
DELIVERY = {"received": _("Received"), "queued": _("Queued"), "sent": _("Sent"), "failed": _("Failed")}
# What a chat platform reported about a sent message after sending it (a receipt, not a warning).
RECEIPTS = {"delivered": _("Delivered"), "read": _("Read")}
CLAIMS = {
    "atoz": _("A-to-z Guarantee claim"),
    "chargeback": _("Chargeback"),
    "ebay_case": _("eBay case"),
    "dispute": _("Payment dispute"),
    "return_request": _("Return request"),
    "negative_feedback": _("Negative feedback"),
}
# Reason and status codes platforms put in claim notices (Amazon's dispute notices, eBay's case types).
CLAIM_CODES = {
    "product_not_received": _("Item not received"),
    "item_not_received": _("Item not received"),
    "not_as_described": _("Not as described"),
    "significantly_not_as_described": _("Significantly not as described"),
    "item_not_as_described": _("Not as described"),
    "unauthorized": _("Unauthorised payment"),
    "fraud": _("Fraud"),
    "duplicate": _("Charged twice"),
    "credit_not_processed": _("Refund not processed"),
    "needs_response": _("Needs your response"),
    "under_review": _("Under review"),
    "won": _("Won"),
    "lost": _("Lost"),
    "closed": _("Closed"),
    "return": _("Return"),
    "inr": _("Item not received"),
    "snad": _("Not as described"),
    # eBay's inquiry, case and return statuses ("Status: OPEN").
    "open": pgettext_lazy("case status", "Open"),
    "on_hold": _("On hold"),
    "pending": pgettext_lazy("case status", "Pending"),
    "waiting_seller_response": _("Waiting for your response"),
    "waiting_for_seller": _("Waiting for your response"),
    "waiting_buyer_response": _("Waiting for the buyer"),
    "waiting_for_buyer": _("Waiting for the buyer"),
    "escalated": _("Escalated to the platform"),
    "cs_closed": _("Closed by eBay customer service"),
}
IDENTITIES = {
    "email": _("Email"),
    "phone": _("Phone"),
    "amazon_buyer": _("Amazon buyer alias"),
    "ebay_user": _("eBay user"),
    "tiktok_buyer": _("TikTok Shop buyer"),
    "social": _("Social handle"),
}
ROLES = {"admin": _("Admin"), "supervisor": _("Supervisor"), "agent": _("Agent"), "readonly": _("Read-only")}
RAW_STATUSES = {
    "received": _("Received"),
    "processed": _("Processed"),
    "ignored": _("Ignored"),
    "failed": _("Failed"),
    "rejected": _("Rejected"),
}
# Buyer languages triage recognises, in the order the filter lists them.
BUYER_LANGUAGES = ("en", "zh", "de", "fr", "es", "it", "ja", "ko", "pt", "nl", "pl", "sv", "tr", "ar", "th", "vi", "id", "ms")


def label(table: dict, code) -> str:
    """The translated label, or the code itself for a value this table does not know yet."""
    return str(table.get(code, code or ""))


def claim_code(text: str) -> str:
    """A platform's code ("product_not_received", "ITEM_NOT_RECEIVED") in words; other text as it is."""
    key = (text or "").strip().lower()
    return label(CLAIM_CODES, key) if key in CLAIM_CODES else (text or "")


def channel_badge(channel: str, marketplace: str = "") -> str:
    """"Amazon US", "Email": where the buyer wrote."""
    name = label(CHANNELS, channel)
    return f"{name} {marketplace}" if marketplace else name


def _ui_locale() -> Locale | None:
    try:
        return Locale.parse(translation.get_language() or "en", sep="-")
    except (UnknownLocaleError, ValueError):
        return None


def language_name(code: str) -> str:
    """"de" -> "German" / "德语" in the UI language."""
    if not code:
        return ""
    loc = _ui_locale()
    return (loc.languages.get(code) if loc else None) or code


def country_name(code: str) -> str:
    if not code:
        return ""
    loc = _ui_locale()
    return (loc.territories.get(code.upper()) if loc else None) or code

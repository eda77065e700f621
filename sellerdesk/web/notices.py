"""Platform notices in a thread: an A-to-z claim mail, an eBay case, a Shopify chargeback, a TikTok return.

A notice is an inbound message the channel marked automated (the parsers do so for every platform
notification, docs/channels.md): nobody wrote it and nobody reads an answer to it. The page shows it
under the platform's name with the case it opened, and where to answer the platform, instead of a
reply box. The Seller Central / Seller Hub / admin pages below are the sellers' own entry points;
the case itself is answered there, never through the buyer's message channel.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from sellerdesk.web import labels

# Where a seller answers each platform's cases. Amazon's Seller Central has one host per region.
_AMAZON_HOSTS = {
    "US": "sellercentral.amazon.com", "CA": "sellercentral.amazon.ca", "MX": "sellercentral.amazon.com.mx",
    "BR": "sellercentral.amazon.com.br", "UK": "sellercentral.amazon.co.uk", "GB": "sellercentral.amazon.co.uk",
    "DE": "sellercentral.amazon.de", "FR": "sellercentral.amazon.fr", "IT": "sellercentral.amazon.it",
    "ES": "sellercentral.amazon.es", "NL": "sellercentral.amazon.nl", "SE": "sellercentral.amazon.se",
    "PL": "sellercentral.amazon.pl", "JP": "sellercentral.amazon.co.jp", "AU": "sellercentral.amazon.com.au",
    "IN": "sellercentral.amazon.in", "SG": "sellercentral.amazon.sg", "AE": "sellercentral.amazon.ae",
}
_AMAZON_PAGES = {
    "atoz": "/gp/guarantee-claims/home.html",
    "chargeback": "/gp/chargebacks/home.html",
    "return_request": "/returns/list",
    "negative_feedback": "/feedback-manager/index.html",
}
_EBAY_HOSTS = {"UK": "www.ebay.co.uk", "GB": "www.ebay.co.uk", "DE": "www.ebay.de", "FR": "www.ebay.fr", "IT": "www.ebay.it",
               "ES": "www.ebay.es", "AU": "www.ebay.com.au", "CA": "www.ebay.ca"}
RESPOND_WHERE = {
    "amazon": _("Respond in Seller Central"),
    "ebay": _("Respond in eBay Seller Hub"),
    "shopify": _("Respond in the Shopify admin"),
    "tiktok": _("Respond in TikTok Shop Seller Center"),
    "walmart": _("Respond in Walmart Seller Center"),
}
# "Reason: product_not_received", "Status: NEEDS_RESPONSE", "Status: OPEN": a label, then one code word.
_CODE_LINE = re.compile(r"^(?P<head>[^\n:]{1,40}:[ \t]*)(?P<code>[A-Za-z]+(?:_[A-Za-z]+)+|[a-z]+|[A-Z]+)[ \t]*$", re.MULTILINE)


def is_notice(message) -> bool:
    return message.direction == "in" and message.is_automated


def platform_name(platform: str) -> str:
    return labels.label(labels.CHANNELS, platform)


def respond_link(platform: str, kind: str, marketplace: str = "", shop_address: str = "") -> tuple[str, str]:
    """(label, https URL) of the page where the seller answers this case; ("", "") for a platform we
    know no page of."""
    if platform == "amazon":
        host = _AMAZON_HOSTS.get((marketplace or "US").upper(), _AMAZON_HOSTS["US"])
        url = f"https://{host}{_AMAZON_PAGES.get(kind, '/home')}"
    elif platform == "ebay":
        host = _EBAY_HOSTS.get((marketplace or "US").upper(), "www.ebay.com")
        url = f"https://{host}/sh/ord/returns" if kind == "return_request" else f"https://{host}/sh/ord/cases"
    elif platform == "shopify":
        shop = shop_address if re.fullmatch(r"[a-z0-9][a-z0-9-]*\.myshopify\.com", shop_address or "") else ""
        if not shop:
            return str(RESPOND_WHERE["shopify"]), "https://admin.shopify.com/"
        page = "/admin/payments/disputes" if kind in ("chargeback", "dispute") else "/admin/orders"
        url = f"https://{shop}{page}"
    elif platform == "tiktok":
        url = "https://seller.tiktokshop.com/"
    elif platform == "walmart":
        url = "https://seller.walmart.com/"
    else:
        return "", ""
    return str(RESPOND_WHERE[platform]), url


def codes_in_words(text: str) -> str:
    """A notice's "Label: code" lines with the code in words ("Reason: Item not received"); a line
    whose value is not a code we know stays as the platform wrote it."""

    def word(m: re.Match) -> str:
        said = labels.claim_code(m["code"])
        return m["head"] + said if said != m["code"] else m[0]

    return _CODE_LINE.sub(word, text or "")


def claims_by_notice(notices: list, claims: list) -> dict[int, list]:
    """Each claim under the notice that announced it: the one naming its case id, else the latest
    notice received before the claim was recorded. Claims of other threads (the same order) stay out."""
    placed: dict[int, list] = {}
    for claim in claims:
        named = [m for m in notices if claim.external_id and claim.external_id in f"{m.subject}\n{m.body_full or m.body_text}"]
        earlier = [m for m in notices if m.created_at <= claim.created_at]
        chosen = (named or earlier or notices[-1:] or [None])[-1]
        if chosen is not None:
            placed.setdefault(chosen.pk, []).append(claim)
    return placed


def unique(items: list) -> list:
    """The list without repeats, first occurrences kept in order ("A-to-z claim" named by the notice
    and by the buyer's words is one reason)."""
    seen, kept = set(), []
    for item in items or []:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    return kept

"""A link to the carrier's own tracking page for a number: the one table carrier -> URL pattern.

The platform's URL wins (Shopify and others send one); else the carrier's public page when the
carrier is one we know the address of; else none — the number alone is shown. These are pages a
buyer may be sent to on Amazon too: a carrier's tracking page is needed to complete the order.

Carriers are named two ways: by platforms and tracking services ("UPS", "Royal Mail", free text,
matched lower-case in PAGES) and by triage's number patterns (`triage/entities.py` sources such as
"royal_mail", "yunexpress", mapped to a PAGES name by ENTITY_CARRIERS). docs/tracking.md lists them.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

PAGES = {
    "usps": "https://tools.usps.com/go/TrackConfirmAction?tLabels={n}",
    "ups": "https://www.ups.com/track?tracknum={n}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={n}",
    "dhl": "https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}",
    "dhl express": "https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}",
    "dhl paket": "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={n}",
    "royal mail": "https://www.royalmail.com/track-your-item#/tracking-results/{n}",
    "canada post": "https://www.canadapost-postescanada.ca/track-reperage/en#/details/{n}",
    "japan post": "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={n}",
    "sf express": "https://www.sf-express.com/chn/en/waybill/waybill-detail/{n}",
    "yunexpress": "https://www.yuntrack.com/parcelTracking?id={n}",
    "cainiao": "https://global.cainiao.com/newDetail.htm?mailNoList={n}",
    "4px": "https://track.4px.com/#/result/0/{n}",
}
# triage entity source -> (carrier name shown, PAGES key or "" when the carrier has no page here).
ENTITY_CARRIERS = {
    "ups": ("UPS", "ups"),
    "usps": ("USPS", "usps"),
    "fedex": ("FedEx", "fedex"),
    "dhl": ("DHL", "dhl"),
    "royal_mail": ("Royal Mail", "royal mail"),
    "japan_post": ("Japan Post", "japan post"),
    "sf": ("SF Express", "sf express"),
    "yunexpress": ("YunExpress", "yunexpress"),
    "cainiao": ("Cainiao", "cainiao"),
    "4px": ("4PX", "4px"),
    "china_post": ("China Post", ""),
    "yanwen": ("Yanwen", ""),
}


def carrier_link(carrier: str, number: str, url: str = "") -> str:
    if url and urlsplit(url).scheme == "https":
        return url
    page = PAGES.get((carrier or "").strip().lower())
    return page.format(n=quote(number, safe="")) if page and number else ""


def entity_carrier(source: str, number: str) -> tuple[str, str]:
    """(carrier name, tracking page URL) for a number triage found; ("", "") for a carrier it could
    not tell (a number after the word "tracking" alone), the URL "" when the carrier has no page here."""
    name, page = ENTITY_CARRIERS.get(source, ("", ""))
    return name, carrier_link(page, number) if page else ""

"""A link to the carrier's own tracking page for a number.

The platform's URL wins (Shopify and others send one); else the carrier's public page when the
carrier is one we know the address of; else none — the number alone is shown. These are pages a
buyer may be sent to on Amazon too: a carrier's tracking page is needed to complete the order.
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
}


def carrier_link(carrier: str, number: str, url: str = "") -> str:
    if url and urlsplit(url).scheme == "https":
        return url
    page = PAGES.get((carrier or "").strip().lower())
    return page.format(n=quote(number, safe="")) if page and number else ""

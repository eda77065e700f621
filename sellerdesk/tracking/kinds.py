"""One vocabulary for where a parcel is, whoever reported it.

Kinds: info_received, in_transit, out_for_delivery, delivered, exception, returned. An exception
has a sub-kind saying what went wrong (customs_hold, failed_attempt, lost, damaged, address_issue,
refused, delayed, expired, returning, other); out_for_delivery may be available_for_pickup.

The aggregators' status names (docs/tracking.md, "Status tables") map here; their sub-status codes
are partly unconfirmed, so an exception whose code says nothing specific is read once more from
the carrier's own words (customs, lost, return to sender...) in the common languages.
"""

from __future__ import annotations

import re

INFO_RECEIVED = "info_received"
IN_TRANSIT = "in_transit"
OUT_FOR_DELIVERY = "out_for_delivery"
DELIVERED = "delivered"
EXCEPTION = "exception"
RETURNED = "returned"
KINDS = (INFO_RECEIVED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, EXCEPTION, RETURNED)
# No more scans will come: the shipment leaves the polling.
FINAL = (DELIVERED, RETURNED)

SUB_KINDS = ("customs_hold", "failed_attempt", "lost", "damaged", "address_issue", "refused", "delayed",
             "expired", "returning", "available_for_pickup", "other")

# 17TRACK v2.2 latest_status.status (and per-event sub_status prefixes).
_17TRACK = {
    "InfoReceived": (INFO_RECEIVED, ""), "InTransit": (IN_TRANSIT, ""), "OutForDelivery": (OUT_FOR_DELIVERY, ""),
    "AvailableForPickup": (OUT_FOR_DELIVERY, "available_for_pickup"), "Delivered": (DELIVERED, ""),
    "DeliveryFailure": (EXCEPTION, "failed_attempt"), "Exception": (EXCEPTION, "other"), "Expired": (EXCEPTION, "expired"),
}
_17TRACK_SUB = {
    "Exception_Returning": (EXCEPTION, "returning"), "Exception_Returned": (RETURNED, ""),
    "Exception_Lost": (EXCEPTION, "lost"), "Exception_Damage": (EXCEPTION, "damaged"),
    "Exception_Destroyed": (EXCEPTION, "lost"), "Exception_Rejected": (EXCEPTION, "refused"),
    "Exception_Delayed": (EXCEPTION, "delayed"), "Exception_NoBody": (EXCEPTION, "failed_attempt"),
    "Exception_Security": (EXCEPTION, "customs_hold"), "DeliveryFailure_InvalidAddress": (EXCEPTION, "address_issue"),
    "DeliveryFailure_Rejected": (EXCEPTION, "refused"), "InTransit_CustomsRequiringInformation": (EXCEPTION, "customs_hold"),
}
# 17TRACK per-event `stage`.
_17TRACK_STAGE = {
    "InfoReceived": (INFO_RECEIVED, ""), "PickedUp": (IN_TRANSIT, ""), "Departure": (IN_TRANSIT, ""),
    "Arrival": (IN_TRANSIT, ""), "AvailableForPickup": (OUT_FOR_DELIVERY, "available_for_pickup"),
    "OutForDelivery": (OUT_FOR_DELIVERY, ""), "Delivered": (DELIVERED, ""), "Returning": (EXCEPTION, "returning"),
    "Returned": (RETURNED, ""), "Failure": (EXCEPTION, "failed_attempt"),
}

# AfterShip `tag` and `subtag`.
_AFTERSHIP = {
    "InfoReceived": (INFO_RECEIVED, ""), "InTransit": (IN_TRANSIT, ""), "OutForDelivery": (OUT_FOR_DELIVERY, ""),
    "AvailableForPickup": (OUT_FOR_DELIVERY, "available_for_pickup"), "Delivered": (DELIVERED, ""),
    "AttemptFail": (EXCEPTION, "failed_attempt"), "Exception": (EXCEPTION, "other"), "Expired": (EXCEPTION, "expired"),
}
_AFTERSHIP_SUB = {
    "Exception_002": (EXCEPTION, "address_issue"), "Exception_003": (EXCEPTION, "refused"),
    "Exception_004": (EXCEPTION, "customs_hold"), "Exception_005": (EXCEPTION, "delayed"),
    "Exception_008": (EXCEPTION, "address_issue"), "Exception_011": (EXCEPTION, "returning"),
    "Exception_012": (RETURNED, ""), "Exception_013": (EXCEPTION, "lost"), "Exception_014": (EXCEPTION, "damaged"),
}

# Platforms' own words: Shopify shipment_status / fulfilment status, eBay and TikTok "shipped".
_PLATFORM = {
    "label_printed": (INFO_RECEIVED, ""), "label_purchased": (INFO_RECEIVED, ""), "confirmed": (INFO_RECEIVED, ""),
    "shipped": (IN_TRANSIT, ""), "in_transit": (IN_TRANSIT, ""), "out_for_delivery": (OUT_FOR_DELIVERY, ""),
    "ready_for_pickup": (OUT_FOR_DELIVERY, "available_for_pickup"), "delivered": (DELIVERED, ""),
    "attempted_delivery": (EXCEPTION, "failed_attempt"), "failure": (EXCEPTION, "other"),
}

# The carrier's own words, for an exception whose code is generic. Order matters: "returned to
# sender after customs" is a return.
_WORDS = [
    ("returned", re.compile(r"returned to (?:the )?sender|retourn[ée] (?:à|a) l'exp|an den absender zurück|zurückgesandt|devuelto al remitente|"
                            r"restituito al mittente|已退回|退回发件人|返送(?:され|済)", re.I)),
    ("returning", re.compile(r"return(?:ing)? to (?:the )?sender|rücksendung an den absender|retour à l'exp|退回中|正在退回", re.I)),
    ("customs_hold", re.compile(r"customs|\bzoll|douane|aduana|dogana|海关|清关|税関|通関", re.I)),
    ("lost", re.compile(r"\blost\b|missing|verloren|perdu|extraviad|smarrit|丢失|遗失|紛失", re.I)),
    ("damaged", re.compile(r"damage|beschädigt|endommag|dañad|danneggiat|破损|破損", re.I)),
    ("address_issue", re.compile(r"address|adresse|dirección|indirizzo|地址|住所", re.I)),
    ("refused", re.compile(r"refused|verweigert|refusé|rechazad|rifiutat|拒收|受取拒否", re.I)),
    ("failed_attempt", re.compile(r"attempt|nicht angetroffen|absent|ausente|tentativ|投递失败|不在", re.I)),
]


def _refine(kind: str, sub: str, text: str) -> tuple[str, str]:
    if kind != EXCEPTION or sub not in ("other", "") or not text:
        return kind, sub
    for word_kind, pattern in _WORDS:
        if pattern.search(text):
            return (RETURNED, "") if word_kind == "returned" else (EXCEPTION, word_kind)
    return kind, sub or "other"


def from_17track(status: str = "", sub_status: str = "", stage: str = "", text: str = "") -> tuple[str, str] | None:
    """(kind, sub_kind) of a 17TRACK status, sub-status or event stage; None for NotFound / unknown."""
    found = (_17TRACK_SUB.get(sub_status) or (_17TRACK.get(sub_status.split("_", 1)[0]) if sub_status else None)
             or _17TRACK.get(status) or _17TRACK_STAGE.get(stage))
    return _refine(*found, text) if found else None


def from_aftership(tag: str = "", subtag: str = "", text: str = "") -> tuple[str, str] | None:
    """(kind, sub_kind) of an AfterShip tag/subtag; None for Pending or unknown tags."""
    found = _AFTERSHIP_SUB.get(subtag) or _AFTERSHIP.get(tag)
    return _refine(*found, text) if found else None


def from_platform(status: str) -> tuple[str, str] | None:
    """(kind, sub_kind) of a platform's shipment status word; None when it says nothing about the parcel."""
    key = (status or "").strip().lower().replace(" ", "_")
    return _PLATFORM.get(key)

"""The shipped calendars and policies (docs/sla.md lists them). Applied by migration 0002 and
`sellerdesk sla_presets`; rows are found by key, so applying again changes nothing unless reset."""

from __future__ import annotations

WEEKDAYS_9_18 = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
WHOLE_WEEKDAYS = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
SEA_MARKETS = "TH,VN,MY,PH,SG,ID"
H = 60  # minutes per hour

CALENDARS = [
    {"key": "always", "name": "24/7", "kind": "24x7", "timezone": "UTC"},
    {"key": "staffed-na", "name": "North America staffed hours", "kind": "business", "timezone": "America/New_York",
     "weekly_hours": WEEKDAYS_9_18, "holiday_country": "US"},
    {"key": "staffed-eu", "name": "Europe staffed hours", "kind": "business", "timezone": "Europe/Berlin",
     "weekly_hours": WEEKDAYS_9_18, "holiday_country": "DE"},
    {"key": "staffed-sea", "name": "Southeast Asia staffed hours", "kind": "business", "timezone": "Asia/Singapore",
     "weekly_hours": WEEKDAYS_9_18, "holiday_country": "SG"},
    # eBay counts whole business days (Mon–Fri, public holidays excluded) on the site's calendar.
    {"key": "ebay-us-days", "name": "eBay US business days", "kind": "business", "timezone": "America/Los_Angeles",
     "weekly_hours": WHOLE_WEEKDAYS, "holiday_country": "US"},
    {"key": "ebay-uk-days", "name": "eBay UK business days", "kind": "business", "timezone": "Europe/London",
     "weekly_hours": WHOLE_WEEKDAYS, "holiday_country": "GB"},
    {"key": "ebay-de-days", "name": "eBay DE business days", "kind": "business", "timezone": "Europe/Berlin",
     "weekly_hours": WHOLE_WEEKDAYS, "holiday_country": "DE"},
]

NOTIFY_ON_WARN = [{"at": "warn", "action": "notify_supervisor"}]
PLATFORM_ESCALATION = [{"at": "warn", "action": "notify_supervisor"}, {"at": "breach", "action": "raise_tier"}]


def _response_pair(key: str, name: str, label: str, minutes: int, **match) -> list[dict]:
    """A platform rule that applies to every buyer message: first and next response."""
    common = {"group": "platform", "target_minutes": minutes, "calendar": "always", "escalation": PLATFORM_ESCALATION, **match}
    return [
        {"key": f"{key}-first", "name": f"{name}: first response", "label": label, "metric": "first_response", **common},
        {"key": f"{key}-next", "name": f"{name}: next response", "label": label, "metric": "next_response", **common},
    ]


POLICIES = [
    # Marketplace rules: calendar hours, weekends and holidays counted.
    *_response_pair("amazon-24h", "Amazon buyer messages 24 h", "Amazon 24 h", 24 * H, channel="amazon", auto_reply_counts=False),
    *_response_pair("tiktok-24h", "TikTok Shop 24 h (US)", "TikTok Shop 24 h", 24 * H, channel="tiktok"),
    *_response_pair("tiktok-sea-12h", "TikTok Shop 12 h (Southeast Asia)", "TikTok Shop 12 h", 12 * H, channel="tiktok", marketplace=SEA_MARKETS),
    *_response_pair("walmart-48h", "Walmart 48 h", "Walmart 48 h", 48 * H, channel="walmart"),
    # Platform cases: respond-by taken from the claim (the target is the fallback when it has none).
    {"key": "atoz-respond-by", "name": "A-to-z claim respond-by", "label": "A-to-z respond-by", "group": "claim",
     "metric": "first_response", "claim_kind": "atoz", "due_from_claim": True, "target_minutes": 48 * H,
     "calendar": "always", "warn_at": 0.5, "escalation": PLATFORM_ESCALATION},
    {"key": "chargeback-respond-by", "name": "Chargeback / dispute respond-by", "label": "Chargeback respond-by", "group": "claim",
     "metric": "first_response", "claim_kind": "chargeback,dispute", "due_from_claim": True, "target_minutes": 72 * H,
     "calendar": "always", "warn_at": 0.5, "escalation": PLATFORM_ESCALATION},
    {"key": "ebay-case-3bd", "name": "eBay returns and cases 3 business days", "label": "eBay 3 business days", "group": "claim",
     "metric": "first_response", "channel": "ebay", "claim_kind": "ebay_case,return_request", "target_minutes": 3 * 24 * H,
     "calendar": "ebay-us-days", "escalation": PLATFORM_ESCALATION},
    {"key": "ebay-case-3bd-uk", "name": "eBay UK returns and cases 3 business days", "label": "eBay 3 business days", "group": "claim",
     "metric": "first_response", "channel": "ebay", "marketplace": "UK,GB", "claim_kind": "ebay_case,return_request",
     "target_minutes": 3 * 24 * H, "calendar": "ebay-uk-days", "escalation": PLATFORM_ESCALATION},
    {"key": "ebay-case-3bd-de", "name": "eBay DE returns and cases 3 business days", "label": "eBay 3 business days", "group": "claim",
     "metric": "first_response", "channel": "ebay", "marketplace": "DE", "claim_kind": "ebay_case,return_request",
     "target_minutes": 3 * 24 * H, "calendar": "ebay-de-days", "escalation": PLATFORM_ESCALATION},
    {"key": "negative-review-48h", "name": "Negative review recovery 48 h", "label": "Review recovery 48 h", "group": "review",
     "metric": "first_response", "claim_kind": "negative_feedback", "target_minutes": 48 * H, "calendar": "always",
     "escalation": NOTIFY_ON_WARN},
    # Internal targets: the team's own promise, inside staffed hours for the buyer's region.
    {"key": "internal-first-na", "name": "First response North America 2 h", "label": "NA first response 2 h", "group": "internal",
     "metric": "first_response", "region": "na", "target_minutes": 2 * H, "calendar": "staffed-na", "escalation": NOTIFY_ON_WARN},
    {"key": "internal-first-eu", "name": "First response Europe 4 h", "label": "EU first response 4 h", "group": "internal",
     "metric": "first_response", "region": "eu", "target_minutes": 4 * H, "calendar": "staffed-eu", "escalation": NOTIFY_ON_WARN},
    {"key": "internal-first-sea", "name": "First response Southeast Asia 1 h", "label": "SEA first response 1 h", "group": "internal",
     "metric": "first_response", "region": "sea", "target_minutes": 1 * H, "calendar": "staffed-sea", "escalation": NOTIFY_ON_WARN},
    {"key": "internal-first-default", "name": "First response 24 h (any region)", "label": "First response 24 h", "group": "internal",
     "metric": "first_response", "target_minutes": 24 * H, "calendar": "always", "priority": -10},
    {"key": "internal-next-default", "name": "Next response 24 h", "label": "Next response 24 h", "group": "internal",
     "metric": "next_response", "target_minutes": 24 * H, "calendar": "always", "priority": -10},
    {"key": "internal-urgent-1h", "name": "Urgent (tier 1) first response 1 h", "label": "Urgent 1 h", "group": "internal",
     "metric": "first_response", "tier": "1", "target_minutes": 1 * H, "calendar": "always", "priority": 10,
     "escalation": [{"at": "warn", "action": "notify_supervisor"}, {"at": "breach", "action": "reassign"}]},
    # Send windows: when the platform stops accepting free-form replies. Tracked apart from SLA.
    {"key": "window-meta-24h", "name": "Messenger / Instagram / WhatsApp 24 h window", "label": "Reply window 24 h", "group": "window",
     "metric": "reply_window", "channel": "messenger,instagram,whatsapp", "target_minutes": 24 * H, "calendar": "always"},
    {"key": "window-wechat-48h", "name": "WeChat 48 h window", "label": "Reply window 48 h", "group": "window",
     "metric": "reply_window", "channel": "wechat", "target_minutes": 48 * H, "calendar": "always"},
]


def apply(Calendar, Policy, *, reset: bool = False) -> dict:
    """Create missing presets (and with reset, overwrite edited ones). Works with migration models too."""
    counts = {"created": 0, "updated": 0, "kept": 0}
    calendars = {}
    for spec in CALENDARS:
        calendars[spec["key"]] = _upsert(Calendar, spec, reset, counts)
    for spec in POLICIES:
        _upsert(Policy, {**spec, "calendar": calendars[spec["calendar"]]}, reset, counts)
    return counts


def _upsert(model, spec: dict, reset: bool, counts: dict):
    names = {f.name for f in model._meta.get_fields()}
    values = {k: v for k, v in spec.items() if k in names and k != "key"}  # fields an older schema lacks are skipped
    row = model.objects.filter(key=spec["key"]).first()
    if row is None:
        row = model(key=spec["key"], **values)
        counts["created"] += 1
    elif reset:
        for k, v in values.items():
            setattr(row, k, v)
        counts["updated"] += 1
    else:
        counts["kept"] += 1
        return row
    row.save()
    return row

"""What counts as a buyer message needing a response on each platform, and how long it may wait."""

from __future__ import annotations

NO_RESPONSE_NEEDED = "no_response_needed"  # = conversations.actions.NO_RESPONSE_NEEDED (not imported: actions pulls in triage)
PLATFORMS = ("amazon", "ebay", "tiktok")
SEA = {"TH", "VN", "MY", "PH", "SG", "ID"}  # TikTok Southeast Asia marketplaces: 12 h
WINDOW_HOURS = {"amazon": 24, "ebay": 24, "tiktok": 24}


def window_hours(channel: str, marketplace: str) -> int:
    if channel == "tiktok" and (marketplace or "").upper() in SEA:
        return 12
    return WINDOW_HOURS.get(channel, 24)

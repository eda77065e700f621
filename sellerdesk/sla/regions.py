"""Buyer regions for internal targets: from the customer's country, else the marketplace."""

from __future__ import annotations

NORTH_AMERICA = "na"
EUROPE = "eu"
SOUTHEAST_ASIA = "sea"
REGIONS = {NORTH_AMERICA: "North America", EUROPE: "Europe", SOUTHEAST_ASIA: "Southeast Asia"}

_COUNTRIES = {
    NORTH_AMERICA: "US CA MX",
    EUROPE: (
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
        "GB UK CH NO IS LI MC SM AD VA AL BA ME MK RS UA MD"
    ),
    SOUTHEAST_ASIA: "SG MY TH VN PH ID BN KH LA MM TL",
}
REGION_OF_COUNTRY = {code: region for region, codes in _COUNTRIES.items() for code in codes.split()}


def region_of(country: str = "", marketplace: str = "") -> str:
    """"na" / "eu" / "sea", or "" when neither the country nor the marketplace says."""
    for code in (country, marketplace):
        region = REGION_OF_COUNTRY.get((code or "").strip().upper())
        if region:
            return region
    return ""

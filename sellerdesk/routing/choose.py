"""Choose the agent for a piece of work: pure, on plain values, shared by the product and `simulate`.

Hard rules: the agent holds the channel family among its skills (no channel skills = every
channel), claims and disputes go only to senior agents, an agent at capacity gets nothing new,
an agent away (vacation) or excluded (the assignee being replaced) is skipped.
Preferences, in order: on shift now (follow the sun: otherwise the agent whose shift starts
first), writes the buyer's language, senior for tier 1 and high-value buyers, works in the buyer's
region, the least loaded (share of capacity, then count), then the lowest id for a stable result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SENIOR = "senior"
FAMILIES = ("amazon", "ebay", "shopify", "instagram", "tiktok", "whatsapp", "walmart", "email", "messenger", "wechat")
SEA_ZONES = {"Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Bangkok", "Asia/Manila", "Asia/Jakarta", "Asia/Ho_Chi_Minh", "Asia/Saigon"}


@dataclass
class Candidate:
    id: object
    languages: frozenset[str]
    skills: frozenset[str]  # channel families, plus "senior"
    capacity: int
    load: int  # threads assigned with unanswered buyer messages
    available_at: float | None  # now when on shift, the next shift start otherwise, None when away / no shift soon
    region: str = ""  # na / eu / sea from the time zone, "" = covers any region
    team: object = None

    @property
    def senior(self) -> bool:
        return SENIOR in self.skills

    def serves(self, family: str) -> bool:
        channels = self.skills - {SENIOR}
        return not channels or family in channels


@dataclass
class Work:
    family: str  # channel family: amazon, ebay, shopify, tiktok, instagram, whatsapp...
    language: str = ""
    region: str = ""
    tier: int = 3
    high_value: bool = False
    needs_senior: bool = False  # a claim or a dispute
    team: object = None


@dataclass
class Choice:
    agent_id: object
    on_shift: bool
    reasons: list[str] = field(default_factory=list)


def region_of_zone(tz: str) -> str:
    if tz.startswith("America/"):
        return "na"
    if tz.startswith("Europe/"):
        return "eu"
    if tz in SEA_ZONES:
        return "sea"
    return ""


def eligible(work: Work, c: Candidate) -> bool:
    if not c.serves(work.family) or (work.needs_senior and not c.senior):
        return False
    if work.team is not None and c.team is not None and c.team != work.team:
        return False
    return c.available_at is not None and c.load < c.capacity


def choose_agent(work: Work, candidates: list[Candidate], now: float, *, exclude=()) -> Choice | None:
    """The best agent for `work` at `now` (a UNIX timestamp), or None when nobody may take it."""
    pool = [c for c in candidates if c.id not in exclude and eligible(work, c)]
    if not pool:
        return None
    wants_senior = work.tier == 1 or work.high_value or work.needs_senior

    def preference(c: Candidate):
        return (
            max(c.available_at, now),  # on shift first; otherwise the soonest shift (follow the sun)
            bool(work.language) and work.language not in c.languages,
            wants_senior and not c.senior,
            bool(work.region) and bool(c.region) and c.region != work.region,
            c.load / max(c.capacity, 1),
            c.load,
            str(c.id),
        )

    best = min(pool, key=preference)
    reasons = []
    if work.language and work.language in best.languages:
        reasons.append("language")
    if wants_senior and best.senior:
        reasons.append("senior")
    if work.region and best.region == work.region:
        reasons.append("region")
    return Choice(best.id, best.available_at <= now, reasons)

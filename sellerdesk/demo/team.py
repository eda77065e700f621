"""The demo support team: who they are, what they write, and when they work (follow the sun).

Weekday shifts in each agent's own zone cover the whole UTC day: Shanghai and Kuala Lumpur
(00:00-10:00 UTC), Berlin (08:00-17:00 UTC), New York and Mexico City (14:00-24:00 UTC), so a
conversation arriving at any hour is assigned to someone who is at work. Claims go to the senior
agents only (docs/routing.md). The demo login is the shop owner: an admin who supervises and
approves, and takes no conversations itself, so the inbox shows the rota at work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management import call_command

from sellerdesk.accounts.models import AgentProfile, Team

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def shift(days: list[str], start: str, end: str) -> dict:
    return {"days": days, "start": start, "end": end}


@dataclass(frozen=True)
class DemoAgent:
    username: str
    name: str
    role: str
    languages: str  # comma-separated, as `createagent` takes them
    ui_language: str
    timezone: str
    senior: bool = False
    skills: tuple[str, ...] = ()  # channel families; empty = every channel
    shifts: tuple[dict, ...] = ()
    available: bool = True
    holiday_country: str = ""


AGENTS = [
    DemoAgent("demo", "Demo Admin", "admin", "en,zh,de,fr,es,ja", "en", "Asia/Shanghai", senior=True, available=False),
    DemoAgent("liwei", "李伟 Li Wei", "supervisor", "zh,en", "zh-hans", "Asia/Shanghai", senior=True,
              shifts=(shift(WEEKDAYS, "08:30", "17:30"),), holiday_country="CN"),
    DemoAgent("siti", "Siti Aminah", "agent", "ms,id,en,zh", "en", "Asia/Kuala_Lumpur",
              skills=("tiktok", "shopify", "email"), shifts=(shift([*WEEKDAYS, "sat"], "09:00", "18:00"),)),
    DemoAgent("ploy", "Ploy Srisuk", "agent", "th,en", "en", "Asia/Bangkok",
              skills=("tiktok", "shopify"), shifts=(shift(WEEKDAYS, "09:00", "18:00"),)),
    DemoAgent("yuki", "Yuki Tanaka", "agent", "ja,en", "en", "Asia/Tokyo",
              skills=("amazon", "email"), shifts=(shift(WEEKDAYS, "09:00", "18:00"),)),
    DemoAgent("anna", "Anna Schmidt", "agent", "de,en,fr", "en", "Europe/Berlin",
              skills=("amazon", "ebay", "email", "shopify"), shifts=(shift(WEEKDAYS, "09:00", "18:00"),), holiday_country="DE"),
    DemoAgent("james", "James Miller", "agent", "en,es", "en", "America/New_York", senior=True,
              shifts=(shift(WEEKDAYS, "10:00", "19:00"),)),
    DemoAgent("maria", "María López", "agent", "es,en,it,pt", "en", "America/Mexico_City",
              skills=("amazon", "ebay", "shopify", "email"), shifts=(shift(WEEKDAYS, "09:00", "18:00"), shift(["sat"], "10:00", "14:00"))),
]


def ensure_team(password: str) -> Team:
    """Create missing agents (with `createagent`) and set everyone's rota. Changes nothing when run again."""
    User = get_user_model()
    team, _ = Team.objects.get_or_create(name="Global support", defaults={"timezone": "Asia/Shanghai"})
    for a in AGENTS:
        if not User.objects.filter(username=a.username).exists():
            call_command(
                "createagent", a.username, password=password, name=a.name, role=a.role, languages=a.languages,
                ui_language=a.ui_language, timezone=a.timezone, senior=a.senior, email=f"{a.username}@brightdesk-demo.com",
                verbosity=0,
            )
        profile = AgentProfile.objects.get(user__username=a.username)
        wanted = {
            "team_id": team.pk, "skills": list(a.skills), "shifts": [dict(s) for s in a.shifts], "is_available": a.available,
            "holiday_country": a.holiday_country, "timezone": a.timezone, "is_senior": a.senior,
        }
        if any(getattr(profile, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(profile, k, v)
            profile.clean()  # a rota the routing cannot read is refused here, not found out at the first message
            profile.save(update_fields=[k.removesuffix("_id") if k == "team_id" else k for k in wanted])
    return team

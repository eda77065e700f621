"""`sellerdesk agent-rota USERNAME [--shift "mon-fri 09:00-18:00" ...] [--skills ...] [--away FROM TO]` (docs/routing.md)."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sellerdesk.routing.actions import set_rota
from sellerdesk.routing.availability import rota_of
from sellerdesk.routing.shifts import WEEKDAYS, ShiftError
from sellerdesk.lib import clock


def parse_shift(text: str) -> dict:
    """"mon-fri 09:00-18:00" or "sat,sun 22:00-06:00" -> {"days": [...], "start": ..., "end": ...}."""
    try:
        days_part, hours = text.split()
        start, end = hours.split("-")
    except ValueError:
        raise CommandError(f"--shift {text!r}: expected DAYS HH:MM-HH:MM, e.g. \"mon-fri 09:00-18:00\"") from None
    days: list[str] = []
    for piece in days_part.lower().split(","):
        if "-" in piece:
            a, b = piece.split("-", 1)
            if a not in WEEKDAYS or b not in WEEKDAYS:
                raise CommandError(f"--shift {text!r}: days are {', '.join(WEEKDAYS)}")
            i, j = WEEKDAYS.index(a), WEEKDAYS.index(b)
            days += [WEEKDAYS[(i + k) % 7] for k in range((j - i) % 7 + 1)]
        else:
            days.append(piece)
    return {"days": days, "start": start, "end": end}


def _when(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise CommandError(f"{text!r}: give a time zone, e.g. 2026-12-20T00:00+08:00")
    return value


class Command(BaseCommand):
    help = "Set an agent's routing rota: shifts, skills, languages, holidays, time away, capacity."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--shift", action="append", help='repeatable: "mon-fri 09:00-18:00"; "none" = always on shift')
        parser.add_argument("--skills", help="channel families, comma-separated (empty = every channel)")
        parser.add_argument("--languages", help="buyer languages the agent writes: en,de")
        parser.add_argument("--timezone")
        parser.add_argument("--holiday-country", help="ISO code for public holidays, '' for none")
        parser.add_argument("--holidays", help="own days off: 2026-12-24,2026-12-31")
        parser.add_argument("--away", nargs=2, metavar=("FROM", "TO"), help="vacation, ISO times with zone")
        parser.add_argument("--back", action="store_true", help="clear the time away")
        parser.add_argument("--capacity", type=int)
        parser.add_argument("--senior", choices=["yes", "no"])

    def handle(self, username, **o):
        user = get_user_model().objects.filter(username=username).select_related("agent").first()
        if user is None or not hasattr(user, "agent"):
            raise CommandError(f"no agent {username!r} (create one with `sellerdesk createagent`)")
        changes: dict = {}
        if o["shift"]:
            changes["shifts"] = [] if o["shift"] == ["none"] else [parse_shift(s) for s in o["shift"]]
        for opt, field in (("skills", "skills"), ("languages", "languages")):
            if o[opt] is not None:
                changes[field] = [v.strip() for v in o[opt].split(",") if v.strip()]
        if o["holidays"] is not None:
            changes["holidays"] = [v.strip() for v in o["holidays"].split(",") if v.strip()]
        if o["timezone"]:
            changes["timezone"] = o["timezone"]
        if o["holiday_country"] is not None:
            changes["holiday_country"] = o["holiday_country"].upper()
        if o["away"]:
            changes["away_from"], changes["away_until"] = _when(o["away"][0]), _when(o["away"][1])
        if o["back"]:
            changes["away_from"] = changes["away_until"] = None
        if o["capacity"] is not None:
            changes["capacity"] = o["capacity"]
        if o["senior"]:
            changes["is_senior"] = o["senior"] == "yes"
        try:
            if changes:
                set_rota(user.agent, **changes)
            now = clock.now()
            start = rota_of(user.agent, now).next_start(now)
        except ShiftError as exc:
            raise CommandError(str(exc)) from None
        p = user.agent
        state = "on shift now" if start == now else (f"next shift {start.isoformat()}" if start else "no shift in 14 days")
        self.stdout.write(json.dumps({
            "agent": username, "timezone": p.timezone, "shifts": p.shifts, "skills": p.skills, "languages": p.languages,
            "senior": p.is_senior, "capacity": p.capacity, "holiday_country": p.holiday_country, "holidays": p.holidays,
            "away": [p.away_from.isoformat(), p.away_until.isoformat()] if p.away_from and p.away_until else None,
        }, ensure_ascii=False) + f"\n{state}")

"""A trace of the coming weeks from the seller's own history, so staffing advice can be asked before a
holiday or a peak instead of replayed after it (`sellerdesk forecast`, docs/simulate.md).

Volume: buyer messages per channel, weekday and hour (UTC) over the last `history_weeks`, times the
recent growth (the last four weeks against the four before, between 0.5 and 2, compounding per
four weeks ahead), times the platforms' peaks below. Counts are spread deterministically (the
expected number accumulates hour by hour and a message is placed each time it passes a whole one),
so a forecast is reproducible. Texts, subjects and buyers' countries are drawn (seeded) from the
history of the same channel, so triage sees what this seller's buyers write. Handling times are not
in the history: they are drawn around `HANDLE_MINUTES` (an assumption the advice inherits).
The agents are the desk's agents with their rotas and every holiday their calendars know.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import defaultdict
from pathlib import Path

import holidays as holiday_lists

UTC = dt.timezone.utc
HANDLE_MINUTES = 8.0  # median handling time assumed per message (lognormal, sigma 0.5)
GROWTH_LIMITS = (0.5, 2.0)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(weekday - d.weekday()) % 7 + 7 * (n - 1))


def peak_days(year: int) -> dict[dt.date, tuple[str, float]]:
    """Day -> (peak, multiplier of buyer messages). Dates of movable peaks follow their usual rule:
    Prime Day the second Tuesday and Wednesday of July; Black Friday to Cyber Monday after the fourth
    Thursday of November; Chinese New Year's first week from the holidays package (fewer messages:
    buyers in China and the platforms' own staff are away)."""
    out: dict[dt.date, tuple[str, float]] = {}

    def span(name, first, days, factor):
        for i in range(days):
            out[first + dt.timedelta(days=i)] = (name, factor)

    prime = _nth_weekday(year, 7, 1, 2)
    span("Prime Day", prime, 2, 2.5)
    span("Prime Day follow-up", prime + dt.timedelta(days=2), 5, 1.5)
    span("11.11", dt.date(year, 11, 11), 3, 2.0)
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    span("Black Friday", thanksgiving + dt.timedelta(days=1), 4, 3.0)
    span("Black Friday follow-up", thanksgiving + dt.timedelta(days=5), 7, 1.8)
    span("12.12", dt.date(year, 12, 12), 3, 1.5)
    span("Christmas", dt.date(year, 12, 15), 10, 1.5)
    span("After Christmas (returns)", dt.date(year, 12, 26), 10, 1.6)
    for day, name in holiday_lists.country_holidays("CN", years=[year]).items():
        if "Spring Festival" in name or "Chinese New Year" in name:
            out.setdefault(day, ("Chinese New Year", 0.8))
    return out


def _history(since: dt.datetime, until: dt.datetime):
    from sellerdesk.conversations.models import Message

    return (
        Message.objects.filter(direction="in", sent_at__gte=since, sent_at__lt=until)
        .values_list("sent_at", "conversation__channel", "conversation__marketplace", "subject", "body_text",
                     "conversation__customer__country")
        .order_by("sent_at", "pk")
    )


def trace_channel(channel: str, marketplace: str) -> str:
    return f"{channel}_{marketplace.lower()}" if marketplace else channel


def build(*, weeks: int, start: dt.datetime, history_weeks: int = 8, seed: int = 1, samples_per_channel: int = 500) -> tuple[list[dict], dict]:
    """(trace events, summary) for `weeks` weeks from `start` (UTC midnight)."""
    rng = random.Random(seed)
    since = start - dt.timedelta(weeks=history_weeks)
    per_slot: dict[tuple[str, int, int], float] = defaultdict(float)  # (channel, weekday, hour) -> messages
    recent = older = 0
    texts: dict[str, list[tuple]] = defaultdict(list)
    seen: dict[str, int] = defaultdict(int)
    for sent_at, channel, market, subject, body, country in _history(since, start).iterator(chunk_size=2000):
        ch = trace_channel(channel, market or "")
        per_slot[(ch, sent_at.weekday(), sent_at.hour)] += 1
        if sent_at >= start - dt.timedelta(weeks=4):
            recent += 1
        elif sent_at >= start - dt.timedelta(weeks=8):
            older += 1
        seen[ch] += 1  # reservoir sample of texts per channel
        row = (subject or "", (body or "")[:2000], country or "")
        if len(texts[ch]) < samples_per_channel:
            texts[ch].append(row)
        else:
            j = rng.randrange(seen[ch])
            if j < samples_per_channel:
                texts[ch][j] = row
    growth = min(max(recent / older, GROWTH_LIMITS[0]), GROWTH_LIMITS[1]) if older and history_weeks >= 8 else 1.0
    peaks = {}
    for year in {start.year, (start + dt.timedelta(weeks=weeks)).year}:
        peaks.update(peak_days(year))
    events, carry, n = [], defaultdict(float), 0
    channels = sorted({k[0] for k in per_slot})
    hours = weeks * 7 * 24
    for h in range(hours):
        at = start + dt.timedelta(hours=h)
        factor = growth ** ((h / (24 * 7)) / 4) * peaks.get(at.date(), ("", 1.0))[1]
        for ch in channels:
            carry[ch] += per_slot.get((ch, at.weekday(), at.hour), 0.0) / history_weeks * factor
            while carry[ch] >= 1.0:
                carry[ch] -= 1.0
                n += 1
                subject, body, country = rng.choice(texts[ch])
                minute = rng.randrange(60)
                events.append({
                    "kind": "message", "id": f"m_f{n:07d}", "at": (at + dt.timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "channel": ch, "thread_id": f"t_f{n:07d}",
                    "customer": {"id": f"cu_f{n:07d}", "name": "", "email": None, "handle": None, "tz": "UTC",
                                 "country": country, "lifetime_value": 0, "orders_count": 1},
                    "order": None, "subject": subject or None, "text": body, "lang": None,
                    "service": {"handle_min": round(HANDLE_MINUTES * math.exp(rng.gauss(0, 0.5)), 1), "lang": ""},
                })
    events.sort(key=lambda e: (e["at"], e["id"]))
    in_window = sorted({d.isoformat() for d in peaks if start.date() <= d < (start + dt.timedelta(weeks=weeks)).date()})
    summary = {
        "from": start.date().isoformat(), "weeks": weeks, "history_weeks": history_weeks, "growth": round(growth, 3),
        "messages": len(events), "channels": channels, "peak_days": in_window,
    }
    return events, summary


def agents_document(start: dt.datetime, weeks: int) -> dict:
    """The desk's agents in the trace's agents.json format, with every holiday their calendars know."""
    from sellerdesk.routing.availability import rota_of
    from sellerdesk.routing.service import agents_with_load

    end = start + dt.timedelta(weeks=weeks, days=3)
    agents, lists = [], {}
    for u in agents_with_load():
        p = u.agent
        rota = rota_of(p, start)
        days = {d for d in rota.holidays if start.date() - dt.timedelta(days=1) <= d <= end.date()}
        for a, b in rota.away:  # time away, as whole local days
            d = max(a, start - dt.timedelta(days=1)).astimezone(rota.zone).date()
            while d <= min(b, end).astimezone(rota.zone).date():
                days.add(d)
                d += dt.timedelta(days=1)
        key = f"{u.get_username()}-days-off"
        lists[key] = {"name": f"{u.get_username()}: holidays and time away", "dates": sorted(x.isoformat() for x in days)}
        skills = list(p.skills or []) + (["senior"] if p.is_senior else [])
        agents.append({
            "id": u.get_username(), "name": p.display_name or u.get_username(), "tz": p.timezone,
            "languages": list(p.languages or []), "skills": skills,
            "shifts": list(p.shifts or [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"}]),
            "capacity": p.capacity, "holidays": key,
        })
    return {"format_version": 1, "agents": agents, "holidays": lists, "service": {"source": "sellerdesk forecast"}}


def write(out: str | Path, *, weeks: int, start: dt.datetime, history_weeks: int = 8, seed: int = 1) -> dict:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    events, summary = build(weeks=weeks, start=start, history_weeks=history_weeks, seed=seed)
    with (out / "trace.jsonl").open("w", encoding="utf-8") as fh:
        for e in events:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    (out / "agents.json").write_text(json.dumps(agents_document(start, weeks), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {**summary, "out": str(out)}

"""The batch's Roster gives the same candidates as routing.service.candidates, at any instant."""

import datetime as dt

from django.contrib.auth import get_user_model

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.routing import service

# Thursday 2026-12-24 (a holiday in DE) 00:00 UTC; the agents span time zones, night shifts,
# holidays, time away, a switched-off agent, a weekend-only one and a broken rota.
T0 = dt.datetime(2026, 12, 24, 0, 0, tzinfo=dt.timezone.utc)
AGENTS = [
    ("shanghai", {"timezone": "Asia/Shanghai", "shifts": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"}]}),
    ("berlin", {"timezone": "Europe/Berlin", "holiday_country": "DE",
                "shifts": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:30", "end": "17:00"}]}),
    ("night", {"timezone": "America/New_York", "shifts": [{"days": ["thu", "fri", "sat"], "start": "22:00", "end": "06:00"}]}),
    ("away", {"timezone": "Europe/Paris", "away_from": T0 + dt.timedelta(hours=30), "away_until": T0 + dt.timedelta(days=9)}),
    ("off", {"is_available": False}),
    ("weekend", {"timezone": "Asia/Singapore", "holidays": ["2026-12-26"],
                 "shifts": [{"days": ["sat", "sun"], "start": "10:00", "end": "14:00"}]}),
    ("broken", {"shifts": [{"days": ["someday"], "start": "09:00", "end": "18:00"}]}),
    ("always", {"timezone": "UTC", "languages": ["de", "fr"], "skills": ["amazon"], "is_senior": True, "capacity": 3}),
]


def test_roster_candidates_equal_the_computed_ones_at_every_instant(db):
    User = get_user_model()
    for name, fields in AGENTS:
        AgentProfile.objects.create(user=User.objects.create(username=name), **{"languages": ["en"], **fields})
    users = service.agents_with_load()
    assert len(users) == len(AGENTS)
    roster = service.Roster(users)
    instants = [T0 + dt.timedelta(minutes=m) for m in range(0, 3 * 24 * 60, 7)]
    # exactly at shift starts and ends, and a second either side
    edges = [T0.replace(hour=h, minute=m) + dt.timedelta(days=d, seconds=s)
             for d in range(3) for h, m in [(1, 0), (7, 30), (3, 0), (11, 0), (16, 0), (2, 0)] for s in (-1, 0, 1)]
    for at in sorted(instants + edges):
        users[0].load = at.minute % 5  # load changes between choices: the roster reads it live
        assert roster.candidates(at) == service.candidates(at, users), at
    on_shift = {u.username for u, c in zip(users, roster.candidates(T0 + dt.timedelta(hours=2))) if c.available_at == (T0 + dt.timedelta(hours=2)).timestamp()}
    assert on_shift == {"shanghai", "away", "always"}  # 10:00 in Shanghai, 03:00 in Berlin, Wednesday evening in New York

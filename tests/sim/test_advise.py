"""Staffing advice: on a small trace whose minimal plan is known, `--advise` finds it (docs/simulate.md)."""

import json

from django.core.management import call_command

from sellerdesk.sim import trace as trace_mod
from sellerdesk.sim.advise import Advisor, Targets, write_roster
from sellerdesk.sim.engine import Replay
from sellerdesk.sim.metrics import score
from sellerdesk.sim.plan import plan
from sellerdesk.sim.sellerdesk_policy import SellerDeskPolicy
from tests.sim.test_simulate import agent, message

DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _holiday_trace(tmp_path):
    """a1 (Amazon, 09-18 UTC) is away Oct 1-4; a2 works 09-18 but only eBay. Five Amazon messages arrive
    at 17:00-17:40 on each of Oct 1, 2 and 3. A shift on day D answers D's messages before 18:00 and
    D-1's in the morning, within 24 h: two days of a1's kind (Oct 2 and Oct 4) are the least that
    answers everything in time — 18 agent-hours."""
    events = [
        message(f"m{d}{i}", f"2026-10-0{d}T17:{i * 10:02d}:00Z", "amazon_us", f"t{d}{i}", "Is this lamp dimmable?", 5)
        for d in (1, 2, 3) for i in range(5)
    ]
    a1 = {**agent("a1", [{"days": DAY, "start": "09:00", "end": "18:00"}], skills=("amazon",)), "holidays": "away"}
    a2 = agent("a2", [{"days": DAY, "start": "09:00", "end": "18:00"}], skills=("ebay",))
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "trace.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    (tmp_path / "agents.json").write_text(json.dumps({
        "format_version": 1, "agents": [a1, a2], "service": {},
        "holidays": {"none": {"name": "none", "dates": []},
                     "away": {"name": "away", "dates": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"]}},
    }))
    return tmp_path


def test_advice_finds_the_known_minimal_plan_and_its_roster_replays(tmp_path, db):
    d = _holiday_trace(tmp_path / "trace")
    tr = trace_mod.load(d)
    planned = plan(tr.events, processes=1)
    advice = Advisor(tr, planned, Targets(late_response_rate_pct=1.0)).advise()
    assert advice["before"]["amazon_late_response_rate_pct"] == 100.0
    assert advice["met"] is True
    assert [(p["like"], p["days"], p["start"], p["end"]) for p in advice["plan"]] == [
        ("a1", ["2026-10-02", "2026-10-04"], "09:00", "18:00"),
    ]
    assert advice["added_agent_hours"] == 18.0
    assert advice["after"]["amazon_late_response_rate_pct"] == 0.0

    # Anyone can replay the advised roster: same trace, agents.json with the advised agent.
    replay_dir = tmp_path / "advised"
    replay_dir.mkdir()
    (replay_dir / "trace.jsonl").write_text((d / "trace.jsonl").read_text())
    write_roster(d, advice, replay_dir / "agents.json")
    tr2 = trace_mod.load(replay_dir)
    m = score(tr2, Replay(tr2, SellerDeskPolicy(planned)).run())
    assert (m["amazon_late_response_rate_pct"], m["breaches"]) == (0.0, 0)


def test_the_command_prints_the_advice_and_writes_the_roster(tmp_path, db, capsys):
    d = _holiday_trace(tmp_path / "trace")
    out = tmp_path / "roster.json"
    call_command("simulate", "--trace", str(d), "--advise", "--advise-out", str(out))
    advice = json.loads(capsys.readouterr().out)
    assert advice["added_agent_hours"] == 18.0 and advice["roster"] == str(out)
    roster = json.loads(out.read_text())
    assert [a["id"] for a in roster["agents"]] == ["a1", "a2", "advised-1"]
    off = set(roster["holidays"][roster["agents"][2]["holidays"]]["dates"])
    assert "2026-10-02" not in off and "2026-10-04" not in off and "2026-10-03" in off

"""SellerDesk's order of work counts slack on the item's skill clock (docs/simulate.md)."""

from sellerdesk.sim import metrics
from sellerdesk.sim import trace as trace_mod
from sellerdesk.sim.engine import Fifo, Replay
from sellerdesk.sim.plan import plan
from sellerdesk.sim.sellerdesk_policy import SellerDeskPolicy

from tests.sim.test_simulate import MON, MY, US, agent, message, write


def _gap_trace(tmp_path):
    """a1 (eBay + TikTok) works 09-10, a2 (TikTok only) 11-23. At 08:00 a TikTok Malaysia message
    (due 20:00) and at 08:05 an eBay one (due Tuesday 08:05) wait, 90 minutes each: by calendar due
    the TikTok one is first, but only a1 can ever answer the eBay one, and only until 10:00."""
    events = [
        message("m1", f"{MON}T08:00:00Z", "tiktok_my", "t1", "Can I change the colour of my order?", 90, customer=MY),
        message("m2", f"{MON}T08:05:00Z", "ebay_uk", "t2", "Can I change the colour of my order?", 90, customer=US),
    ]
    agents = [
        agent("a1", [{"days": ["mon"], "start": "09:00", "end": "10:00"}], skills=("ebay", "tiktok")),
        agent("a2", [{"days": ["mon"], "start": "11:00", "end": "23:00"}], skills=("tiktok",)),
    ]
    return trace_mod.load(write(tmp_path, events, agents))


def test_work_with_the_least_skilled_time_left_goes_first(tmp_path):
    tr = _gap_trace(tmp_path)
    ours = Replay(tr, SellerDeskPolicy(plan(tr.events, processes=1))).run()
    at = lambda hhmm: trace_mod.ts(f"{MON}T{hhmm}:00Z")  # noqa: E731
    # a1 takes eBay first (1 h of eBay time left against 10 h of TikTok time), a2 TikTok at 11:00.
    assert ours.answered == {1: at("10:30"), 0: at("12:30")}
    assert metrics.score(tr, ours)["breaches"] == 0


def test_fifo_on_the_same_trace_loses_the_ebay_message(tmp_path):
    tr = _gap_trace(tmp_path)
    fifo = Replay(tr, Fifo()).run()
    assert fifo.answered == {0: trace_mod.ts(f"{MON}T10:30:00Z")}  # a2 has no eBay skill
    m = metrics.score(tr, fifo)
    assert (m["breaches"], m["sla_met_pct"]) == (1, {"all": 50.0, "ebay_uk": 0.0, "tiktok_my": 100.0})


def test_slack_uses_only_the_shifts_of_agents_with_the_skill(tmp_path):
    tr = _gap_trace(tmp_path)
    policy = SellerDeskPolicy(plan(tr.events, processes=1))
    replay = Replay(tr, policy)
    ebay = policy.clocks.clock("ebay", False)
    tiktok = policy.clocks.clock("tiktok", False)
    assert (ebay.starts, ebay.ends) == ([trace_mod.ts(f"{MON}T09:00:00Z")], [trace_mod.ts(f"{MON}T10:00:00Z")])
    assert tiktok.starts == [trace_mod.ts(f"{MON}T09:00:00Z"), trace_mod.ts(f"{MON}T11:00:00Z")]
    assert policy.clocks.clock("tiktok", True).starts == []  # no senior: claims have no clock at all
    assert replay.agents[0].spec.id == "a1"

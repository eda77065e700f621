"""`simulate` on small hand-written traces whose results can be worked out by hand (docs/simulate.md)."""

import json

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.sim import metrics
from sellerdesk.sim import trace as trace_mod
from sellerdesk.sim.engine import Fifo, Replay
from sellerdesk.sim.plan import plan
from sellerdesk.sim.run import simulate
from sellerdesk.sim.sellerdesk_policy import SellerDeskPolicy

MON = "2026-11-02"  # a Monday
US = {"id": "cu_1", "name": "Dan Smith", "email": "dan@marketplace.amazon.com", "handle": None, "tz": "America/New_York",
      "country": "US", "lifetime_value": 80.0, "orders_count": 2}
MY = {"id": "cu_2", "name": "Aisyah", "email": None, "handle": "@aisyah", "tz": "Asia/Kuala_Lumpur", "country": "MY",
      "lifetime_value": 30.0, "orders_count": 1}
DE = {"id": "cu_3", "name": "Hans Meier", "email": "hans@example.de", "handle": None, "tz": "Europe/Berlin", "country": "DE",
      "lifetime_value": 50.0, "orders_count": 1}


def message(id, at, channel, thread, text, handle, lang="en", tier=2, customer=US, when=None):
    e = {"kind": "message", "id": id, "at": at, "channel": channel, "thread_id": thread, "customer": customer, "order": None,
         "subject": "Question" if channel.split("_")[0] in ("amazon", "ebay", "shopify") else None, "text": text, "lang": None,
         "expected": {"intent": "other", "sentiment": "neutral", "tier": tier, "lang": lang, "text_id": id},
         "service": {"handle_min": handle, "lang": lang}}
    if when:
        e["when"] = when
    return e


def agent(id, shifts, languages=("en",), skills=("amazon", "tiktok")):
    return {"id": id, "name": id, "tz": "UTC", "languages": list(languages), "skills": list(skills), "shifts": shifts,
            "capacity": 30, "holidays": "none"}


def write(tmp_path, events, agents):
    (tmp_path / "trace.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    (tmp_path / "agents.json").write_text(json.dumps(
        {"format_version": 1, "agents": agents, "holidays": {"none": {"name": "none", "dates": []}}, "service": {}}))
    return tmp_path


MONDAY_9_17 = [{"days": ["mon"], "start": "09:00", "end": "17:00"}]


@pytest.fixture
def basic(tmp_path):
    """One agent, Monday 09-17: threading, conditional events, language penalty, a claim it may not take."""
    events = [
        message("m1", f"{MON}T08:00:00Z", "amazon_us", "t1", "Where is my order? It has not arrived yet.", 10, tier=1),
        message("m2", f"{MON}T08:30:00Z", "tiktok_my", "t2", "Bila pesanan saya akan sampai?", 20, lang="ms", customer=MY),
        message("m3", f"{MON}T08:45:00Z", "amazon_us", "t1", "Any news on my order please?", 5, tier=1, when="unanswered"),
        {"kind": "claim", "id": "c1", "at": f"{MON}T09:00:00Z", "channel": "amazon_us", "thread_id": "t1", "customer_id": "cu_1",
         "order_id": "111-1234567-1234567", "claim_type": "a_to_z", "reason": "item_not_received", "amount": 20.0,
         "currency": "USD", "respond_by": f"{MON}T09:20:00Z", "service": {"handle_min": 15}},
        {"kind": "order_event", "id": "oe1", "at": f"{MON}T09:30:00Z", "channel": "amazon_us", "order_id": "111-1234567-1234567",
         "customer_id": "cu_1", "event": "delivered", "carrier": "UPS", "tracking_number": "1Z"},
        message("m4", f"{MON}T10:00:00Z", "amazon_us", "t1", "Hello??", 3, tier=1, when="unanswered"),
        message("m5", f"{MON}T10:00:00Z", "tiktok_my", "t2", "Thanks, got it!", 1, tier=3, customer=MY, when="answered"),
    ]
    return write(tmp_path, events, [agent("a1", MONDAY_9_17)])


def test_fifo_replay_worked_out_by_hand(basic):
    tr = trace_mod.load(basic)
    result = Replay(tr, Fifo()).run()
    m = metrics.score(tr, result)
    # 09:00 t1 (m1 + m3, newest m3: 5 min) -> 09:05; t2 (m2, Malay: 20 x 1.5) -> 09:35;
    # 10:00 m4 is void (m3 was answered), m5 delivered (m2 was answered): 1 min -> 10:01. The claim needs a senior.
    assert sorted(result.void) == [5]  # m4 (order of lines: m1 m2 m3 c1 oe1 m4 m5)
    assert m["sla_met_pct"] == {"all": 80.0, "amazon_us": 66.67, "tiktok_my": 100.0}
    assert m["breaches"] == 1
    assert m["amazon_late_response_rate_pct"] == 0.0
    assert m["frt_min"]["channel"] == {"amazon_us": {"p50": 20.0, "p90": 65.0}, "tiktok_my": {"p50": 1.0, "p90": 65.0}}
    assert m["frt_min"]["tier"] == {"1": {"p50": 20.0, "p90": 65.0}, "2": {"p50": 65.0, "p90": 65.0},
                                    "3": {"p50": 1.0, "p90": 1.0}}
    assert (m["tier1_p90_min"], m["tier1_p90_staffed_min"]) == (65.0, 5.0)  # staffed clock starts at 09:00
    assert m["internal_target_met_pct"] == {"north_america": 100.0, "europe": None, "southeast_asia": 100.0}
    assert m["utilisation"] == {"all": 0.075, "a1": 0.075}  # 36 busy minutes of 480 on shift


def test_command_writes_both_policies(basic, tmp_path):
    out = tmp_path / "out.json"
    call_command("simulate", trace=str(basic), out=str(out), stdout=open("/dev/null", "w"))
    doc = json.loads(out.read_text())
    assert doc["trace"] == {"messages": 4, "claims": 1, "void": 1}
    assert set(doc) == {"trace", "sellerdesk", "fifo"}
    for m in (doc["sellerdesk"], doc["fifo"]):
        assert set(m) == {"sla_met_pct", "amazon_late_response_rate_pct", "breaches", "frt_min", "tier1_p90_min",
                          "tier1_p90_staffed_min", "internal_target_met_pct", "utilisation"}
        assert m["breaches"] == 1  # nobody may take the claim under either policy
    assert doc["fifo"]["frt_min"]["channel"]["amazon_us"] == {"p50": 20.0, "p90": 65.0}


def test_deadline_first_beats_fifo_when_the_oldest_is_already_late(tmp_path):
    """A 30-minute shift: FIFO spends it on a TikTok SEA message already past its 12 h; SellerDesk
    answers the Amazon one that can still be met."""
    events = [
        message("m1", "2026-11-01T20:00:00Z", "tiktok_my", "t1", "Can I change the colour of my order?", 30, customer=MY),
        message("m2", f"{MON}T08:50:00Z", "amazon_us", "t2", "Can I change the colour of my order?", 30),
    ]
    d = write(tmp_path, events, [agent("a1", [{"days": ["mon"], "start": "09:00", "end": "09:30"}])])
    tr = trace_mod.load(d)
    fifo = Replay(tr, Fifo()).run()
    ours = Replay(tr, SellerDeskPolicy(plan(tr.events, processes=1))).run()
    end = trace_mod.ts(f"{MON}T09:30:00Z")
    assert fifo.answered == {0: end}  # m1, 13.5 h late
    assert ours.answered == {1: end}  # m2, in time
    assert (metrics.score(tr, fifo)["breaches"], metrics.score(tr, ours)["breaches"]) == (2, 1)


def test_routing_gives_the_german_buyer_to_the_german_speaker(tmp_path):
    text = "Hallo, ich warte seit zwei Wochen auf meine Bestellung. Wo ist sie?"
    events = [message("m1", f"{MON}T09:00:00Z", "amazon_de", "t1", text, 10, lang="de", customer=DE)]
    agents = [agent("en", MONDAY_9_17), agent("de", MONDAY_9_17, languages=("de", "en"))]
    doc, info = simulate(write(tmp_path, events, agents), processes=1)
    # FIFO: the first idle agent in agents.json order takes it, at 1.5 x 10 minutes.
    assert doc["fifo"]["frt_min"]["channel"]["amazon_de"] == {"p50": 15.0, "p90": 15.0}
    assert doc["sellerdesk"]["frt_min"]["channel"]["amazon_de"] == {"p50": 10.0, "p90": 10.0}
    assert doc["sellerdesk"]["utilisation"] == {"all": 0.01, "en": 0.0, "de": 0.021}


def test_claims_go_only_to_seniors_and_unanswered_is_null(tmp_path):
    events = [
        {"kind": "claim", "id": "c1", "at": f"{MON}T09:00:00Z", "channel": "amazon_us", "thread_id": "t9", "customer_id": "cu_1",
         "order_id": "1", "claim_type": "a_to_z", "reason": "damaged", "amount": 5.0, "currency": "USD",
         "respond_by": f"{MON}T12:00:00Z", "service": {"handle_min": 15}},
        message("m1", f"{MON}T09:00:00Z", "ebay_us", "t8", "Hello, is this still available?", 5),
    ]
    agents = [agent("junior", MONDAY_9_17), agent("senior", MONDAY_9_17, skills=("amazon", "senior"))]
    doc, _ = simulate(write(tmp_path, events, agents), processes=1)
    for policy in ("fifo", "sellerdesk"):
        m = doc[policy]
        assert m["sla_met_pct"] == {"all": 50.0, "amazon_us": 100.0, "ebay_us": 0.0}  # nobody has the eBay skill
        assert m["frt_min"]["channel"]["ebay_us"] == {"p50": None, "p90": None}
        assert m["utilisation"]["senior"] == 0.031  # 15 of 480 minutes


def test_bad_trace_is_a_clear_error(tmp_path):
    (tmp_path / "trace.jsonl").write_text('{"kind": "message", "at": "not a time"}\n')
    (tmp_path / "agents.json").write_text("{}")
    with pytest.raises(CommandError, match="trace.jsonl:1"):
        call_command("simulate", trace=str(tmp_path), out=str(tmp_path / "o.json"))
    (tmp_path / "x").mkdir()
    d = write(tmp_path / "x", [message("m1", f"{MON}T09:00:00Z", "amazon_us", "t1", "Hi", 1)],
              [agent("a1", [{"days": ["mon"], "start": "9am", "end": "17:00"}])])
    with pytest.raises(CommandError, match=r"agents.json: agents\[0\].shifts\[0\].start: '9am' is not HH:MM"):
        call_command("simulate", trace=str(d), out=str(tmp_path / "o.json"))
    (d / "agents.json").unlink()
    with pytest.raises(CommandError, match="agents.json: not found"):
        call_command("simulate", trace=str(d), out=str(tmp_path / "o.json"))

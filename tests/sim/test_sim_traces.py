"""bench/sim_traces.py: synthetic traces keep the sample's thread shapes with fresh ids and times."""

import datetime as dt
import importlib.util
import json
from pathlib import Path

from tests.sim.test_simulate import MON, US, message

_spec = importlib.util.spec_from_file_location("sim_traces", Path(__file__).parents[2] / "bench" / "sim_traces.py")
sim_traces = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sim_traces)

SERVICE = {"handle_minutes": {"other": {"median": 3.0, "sigma": 0.0, "min": 0.5, "max": 90}},
           "claim_handle_minutes": {"median": 20.0, "sigma": 0.0, "min": 2, "max": 90}, "followup_handle_factor": 0.5}
ORDER = "111-2223333-4445555"


def _sample():
    first = message("m1", f"{MON}T14:00:00Z", "amazon_us", "t1", f"Where is order {ORDER}?", 9)
    first["order"] = {"id": ORDER, "placed_at": "2026-10-30T10:00:00Z", "shipped_at": None, "delivered_at": None,
                      "total": 20.0, "currency": "USD"}
    chase = message("m2", f"{MON}T18:00:00Z", "amazon_us", "t1", "Any news?", 9, when="unanswered")
    claim = {"kind": "claim", "id": "c1", "at": f"{MON}T20:00:00Z", "channel": "amazon_us", "thread_id": "t1",
             "customer_id": US["id"], "order_id": ORDER, "claim_type": "a_to_z", "reason": "inr", "amount": 20.0,
             "currency": "USD", "respond_by": "2026-11-04T20:00:00Z", "when": "unanswered", "service": {"handle_min": 15}}
    event = {"kind": "order_event", "id": "oe1", "at": f"{MON}T16:00:00Z", "channel": "amazon_us", "order_id": ORDER,
             "customer_id": US["id"], "event": "shipped", "carrier": "UPS", "tracking_number": "1Z"}
    return [first, event, chase, claim]


def _synth(seed):
    return sim_traces.synth(_sample(), {"generator": {"scale": 300}, "service": SERVICE}, 3, {}, seed, None,
                            dt.date(2026, 11, 2))


def test_threads_keep_their_shape_with_new_ids():
    out = _synth(1)
    threads = {}
    for e in out:
        if e["kind"] != "order_event":
            threads.setdefault(e["thread_id"], []).append(e)
    assert len(threads) >= 1
    for evs in threads.values():
        kinds = [(e["kind"], e.get("when")) for e in evs]
        # the horizon may cut a thread short, never reorder it
        assert kinds == [("message", None), ("message", "unanswered"), ("claim", "unanswered")][: len(kinds)]
        first = evs[0]
        new_order = first["order"]["id"]
        assert new_order != ORDER and len(new_order) == len(ORDER) and first["text"] == f"Where is order {new_order}?"
        assert first["customer"]["id"].startswith("cu_s") and first["customer"]["name"] == US["name"]
        assert first["service"]["handle_min"] == 3.0  # drawn again (sigma 0: the median)
        if len(evs) > 1:
            assert evs[1]["service"]["handle_min"] == 1.5  # a follow-up: x 0.5
        if len(evs) == 3:
            claim = evs[2]
            assert claim["order_id"] == new_order and claim["service"] == {"handle_min": 20.0}
            assert sim_traces._ts(claim["respond_by"]) - sim_traces._ts(claim["at"]) == dt.timedelta(hours=48)
    ids = [e["id"] for e in out]
    assert len(ids) == len(set(ids)) and not set(ids) & {"m1", "m2", "c1", "oe1"}
    assert [e["at"] for e in out] == sorted(e["at"] for e in out)
    assert all(e["order_id"] != ORDER for e in out if e["kind"] == "order_event")


def test_same_seed_same_trace_other_seed_other_trace():
    assert json.dumps(_synth(3)) == json.dumps(_synth(3))
    assert json.dumps(_synth(3)) != json.dumps(_synth(4))


def test_black_friday_peak_days():
    # 2026: Thanksgiving is Thursday 26 November.
    assert sim_traces.peak_days("bf:3", dt.date(2026, 11, 2)) == {
        dt.date(2026, 11, 26): 2.0, dt.date(2026, 11, 27): 3.0, dt.date(2026, 11, 28): 3.0,
        dt.date(2026, 11, 29): 3.0, dt.date(2026, 11, 30): 3.0, dt.date(2026, 12, 1): 2.0,
    }
    assert sim_traces.peak_days("2026-11-27:2026-11-28:2.5", dt.date(2026, 11, 2)) == {
        dt.date(2026, 11, 27): 2.5, dt.date(2026, 11, 28): 2.5}

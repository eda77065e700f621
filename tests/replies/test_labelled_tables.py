"""The labelled tables of seller replies (tests/replies/data): well formed, and the rules' figures on them.

compliance_table.jsonl is the development table the rules were written against;
compliance_holdout.jsonl was written before the rules changed and is not tuned on:
its figures are reported separately (docs/compliance.md) and guarded here.
"""

import json
from pathlib import Path

import pytest

from sellerdesk.replies.compliance import rules
from sellerdesk.replies.compliance.bulk import check_file

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = {"en", "de", "fr", "es", "it", "ja", "zh", "pt", "nl", "pl", "ko"}
CHANNELS = {"amazon", "ebay", "tiktok", "walmart", "shopify", "email"}


def rows(name):
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["compliance_table.jsonl", "compliance_holdout.jsonl"])
def test_table_is_well_formed(name):
    table = rows(name)
    rule_ids = {r.id for r in rules()}
    assert len({r["id"] for r in table}) == len(table)
    assert {r["verdict"] for r in table} == {"block", "allow", "warn"}
    assert [r["id"] for r in table if r["verdict"] in ("block", "warn") and r.get("rule") not in rule_ids] == []
    # every language and every channel has violations and clean texts (near misses)
    assert {r["lang"] for r in table if r["verdict"] == "block"} == LANGUAGES
    assert {r["lang"] for r in table if r["verdict"] == "allow"} == LANGUAGES
    assert {r["channel"] for r in table} == CHANNELS


def test_development_table_figures():
    ev = check_file(DATA / "compliance_table.jsonl", channel=None)["summary"]["evaluation"]
    assert (ev["overall"]["violations"], ev["overall"]["clean"]) == (437, 243)
    assert (ev["missed"], ev["false_blocked"]) == ([], [])
    assert ev["overall"]["blocked_by_named_rule"] == 437
    assert (ev["overall"]["warn_rows"], ev["overall"]["warned"]) == (2, 2)


def test_held_out_table_figures():
    ev = check_file(DATA / "compliance_holdout.jsonl", channel=None)["summary"]["evaluation"]
    assert (ev["overall"]["violations"], ev["overall"]["clean"]) == (100, 66)
    assert ev["overall"]["recall"] >= 0.98
    assert ev["overall"]["false_block_rate"] <= 0.02
    assert {lang: t["recall"] for lang, t in ev["by_language"].items() if t["recall"] is not None and t["recall"] < 0.9} == {}

"""Quality on real buyers' messages that nobody in this project wrote (evaluation only, never trained on).

A floor against regressions, well below the figures in docs/triage.md; the file sits beside the
repository in the team's shared folder and the test skips without it.
"""

import json
from pathlib import Path

import pytest

from sellerdesk.triage import evaluation, training

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "real_dev.jsonl"
pytestmark = pytest.mark.skipif(not EVAL.exists(), reason="the real-message evaluation set is not beside the repository")


@pytest.fixture(scope="module")
def scored(triage_model):
    rows = training.read_jsonl(EVAL)
    results, report = evaluation.evaluate_with_results(rows, using=triage_model)
    report["by"] = evaluation.breakdown(rows, results, ["source", "lang"])
    return report


def test_overall_floor(scored):
    assert scored["intent"]["macro_f1"] >= 0.55
    assert scored["sentiment"]["macro_f1"] >= 0.70
    assert scored["tier1"]["recall"] >= 0.90
    assert scored["language"]["accuracy_20_chars"] >= 0.99


def test_every_large_group_is_reported_and_above_the_floor(scored):
    for key in ("source", "lang"):
        groups = {name: rep for name, rep in scored["by"][key].items() if rep["n"] >= 50}
        assert len(groups) >= 2, key
        for name, rep in groups.items():
            assert rep["intent"]["macro_f1"] >= 0.35, (key, name, json.dumps(rep["intent"]["macro_f1"]))
            assert rep["tier1"]["recall"] >= 0.85, (key, name)

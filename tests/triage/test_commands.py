import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from sellerdesk import triage
from sellerdesk.triage import model, training
from sellerdesk.triage.corrections import record_correction

DATA = Path(__file__).parent / "data"
EVAL_OUTPUT = """\
n: 5
language accuracy: 1.000 (n=4; 20+ chars: 1.000, n=4; unknown 0, wrong 0)
intent accuracy: 1.000 (n=4)
intent macro-F1: 1.000
intent                   precision    recall        f1  support
cancel_order                 1.000     1.000     1.000        1
delivery_issue               1.000     1.000     1.000        1
feedback_thanks              1.000     1.000     1.000        1
product_question             1.000     1.000     1.000        1
sentiment macro-F1: 1.000 (n=3)
tier-1 recall: 1.000 precision: 1.000 (gold 1, predicted 1)
messages/s: SPEED
"""


def test_eval_prints_every_metric(triage_model):
    out = StringIO()
    call_command("triage-eval", str(DATA / "eval_small.jsonl"), stdout=out)
    assert re.sub(r"messages/s: [\d.]+", "messages/s: SPEED", out.getvalue()) == EVAL_OUTPUT


def test_eval_json(triage_model):
    out = StringIO()
    call_command("triage-eval", str(DATA / "eval_small.jsonl"), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["n"] == 5
    assert report["language"]["n"] == 4
    assert report["intent"]["macro_f1"] == 1.0
    assert report["sentiment"]["n"] == 3
    assert report["tier1"] == {"n_gold": 1, "n_predicted": 1, "recall": 1.0, "precision": 1.0}
    assert report["messages_per_second"] > 0


def test_eval_by_source_and_language(triage_model):
    out = StringIO()
    call_command("triage-eval", str(DATA / "eval_small.jsonl"), "--by", "lang", "--json", stdout=out)
    by_lang = json.loads(out.getvalue())["by"]["lang"]
    # Groups by row count, then name; a row without the field is "-".
    assert list(by_lang) == ["-", "de", "en", "es", "fr"]
    assert {k: v["n"] for k, v in by_lang.items()} == {"-": 1, "de": 1, "en": 1, "es": 1, "fr": 1}
    assert by_lang["de"]["intent"]["per_intent"]["delivery_issue"]["support"] == 1
    assert by_lang["de"]["tier1"]["n_gold"] == 1 and by_lang["en"]["tier1"]["n_gold"] == 0

    out = StringIO()
    call_command("triage-eval", str(DATA / "eval_small.jsonl"), "--by", "lang", stdout=out)
    table = out.getvalue().split("by lang:\n")[1].splitlines()
    assert table[0].split() == ["n", "intent", "F1", "accuracy", "tier-1", "R", "tier-1", "P", "sent.", "F1", "lang", "20+"]
    assert table[1].split()[:2] == ["-", "1"] and table[2].split()[:2] == ["de", "1"]


def test_eval_by_an_unknown_field_is_refused():
    with pytest.raises(CommandError, match="--by colour: choose among source, lang, channel"):
        call_command("triage-eval", str(DATA / "eval_small.jsonl"), "--by", "colour")


def test_eval_refuses_a_missing_or_broken_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("triage-eval", str(tmp_path / "nope.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\nnot json\n')
    with pytest.raises(CommandError, match=r"bad.jsonl:2: not JSON"):
        call_command("triage-eval", str(bad))


@pytest.fixture
def small_training_data(settings, tmp_path, monkeypatch):
    """The real build on a dozen shipped-format rows, into a private DATA_DIR."""
    monkeypatch.setattr(training, "DATA", DATA / "small")
    settings.DATA_DIR = tmp_path
    model.reset()
    yield tmp_path / "models" / "triage.npz"
    model.reset()


def test_build_then_up_to_date(small_training_data, db):
    out = StringIO()
    call_command("triage-build", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Building the triage model once from the shipped training data")
    assert lines[-1].startswith(f"triage model built: {small_training_data} (15 rows, 0 corrections,")
    out = StringIO()
    call_command("triage-build", stdout=out)
    assert out.getvalue() == f"triage model up to date: {small_training_data} (15 rows)\n"


def test_retrain_learns_from_corrections(small_training_data, inbound_message):
    user = get_user_model().objects.create_user("mei", password="long-password")
    record_correction(inbound_message, "intent", "delivery_issue", user)
    out = StringIO()
    call_command("triage-retrain", stdout=out)
    assert out.getvalue() == (
        f"triage model retrained: {small_training_data} (16 rows, 1 corrections, tier-1 threshold 0.500)\n"
    )
    built = model.Model.load(small_training_data)
    assert built.intent_classes == ["delivery_issue", "feedback_thanks", "order_status", "refund"]
    model.reset()
    assert triage.analyze(inbound_message.body_text).intent == "delivery_issue"


def test_cross_validated_eval_scores_every_labelled_row_once(small_training_data):
    out = StringIO()
    call_command("triage-eval", str(DATA / "small" / "bitext_dev.jsonl"), "--cv", "2", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["cross_validation_folds"] == 2
    assert report["n"] == 12
    assert report["intent"]["n"] == 12
    assert sorted(report["intent"]["per_intent"]) == ["feedback_thanks", "order_status", "refund"]


def test_cross_validation_needs_two_folds(small_training_data):
    with pytest.raises(CommandError, match="--cv needs at least 2 folds"):
        call_command("triage-eval", str(DATA / "small" / "bitext_dev.jsonl"), "--cv", "1")

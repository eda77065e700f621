"""`sellerdesk compliance-check`: per-row verdicts and a summary, bad lines reported without losing the rest."""

import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.cli import command_name

ROWS = [
    '{"id": "tpl-1", "text": "I\'ll refund you if you leave 5 stars"}',
    '{"id": "tpl-2", "text": "Your parcel ships today with DHL."}',
    "{not json",
    '{"id": "tpl-4", "text": "Thank you for your order!"}',
    "",
    '{"id": "tpl-6"}',
    '{"text": "contact us on WhatsApp"}',
]


@pytest.fixture
def library(tmp_path):
    path = tmp_path / "templates.jsonl"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_json_output(library, capsys):
    call_command("compliance_check", str(library), channel="amazon", json=True)
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert [(r["id"], r["line"], r["status"], r["rules"]) for r in report["rows"]] == [
        ("tpl-1", 1, "blocked", ["amazon.no_review_incentive"]),
        ("tpl-2", 2, "clean", []),
        (3, 3, "error", []),
        ("tpl-4", 4, "warned", ["amazon.not_needed_for_order"]),
        ("tpl-6", 6, "error", []),
        (7, 7, "blocked", ["marketplace.no_off_platform_contact"]),
    ]
    assert report["rows"][0]["findings"] == [
        {
            "rule_id": "amazon.no_review_incentive",
            "severity": "block",
            "title": "No incentives for reviews or feedback",
            "reason": "review incentive “refund you if you leave 5 stars” is not allowed on Amazon: "
                      "nothing may be offered for a review or a rating",
            "excerpt": "refund you if you leave 5 stars",
        }
    ]
    assert report["rows"][2]["error"] == "line 3: not valid JSON: Expecting property name enclosed in double quotes (column 2)"
    assert report["rows"][4]["error"] == 'line 6: expected an object with a "text" string'
    assert report["summary"] == {
        "n": 6, "blocked": 2, "warned": 1, "clean": 1, "error": 2,
        "by_rule": {
            "amazon.no_review_incentive": 1,
            "amazon.not_needed_for_order": 1,
            "marketplace.no_off_platform_contact": 1,
        },
    }
    assert err == (
        "line 3: not valid JSON: Expecting property name enclosed in double quotes (column 2)\n"
        'line 6: expected an object with a "text" string\n'
    )


def test_table_output(library, capsys):
    call_command("compliance_check", str(library), channel="amazon")
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "ID     STATUS   RULES",
        "tpl-1  blocked  amazon.no_review_incentive",
        "         block: review incentive “refund you if you leave 5 stars” is not allowed on Amazon: "
        "nothing may be offered for a review or a rating",
        "tpl-2  clean    -",
        "3      error    -",
        "         line 3: not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        "tpl-4  warned   amazon.not_needed_for_order",
        "         warn: “Thank you for your order!” looks like a message not needed for the order (a bare thank-you); "
        "Amazon does not allow those — mark the buyer's message \"No response needed\" instead",
        "tpl-6  error    -",
        '         line 6: expected an object with a "text" string',
        "7      blocked  marketplace.no_off_platform_contact",
        "         block: off-platform contact “contact us on WhatsApp” is not allowed on Amazon: "
        "keep the conversation in Amazon messaging",
        "6 rows: 2 blocked, 1 warned, 1 clean, 2 error",
        "by rule: amazon.no_review_incentive 1, amazon.not_needed_for_order 1, marketplace.no_off_platform_contact 1",
    ]


def test_send_time_rules_are_not_applied_to_a_file(tmp_path, capsys):
    path = tmp_path / "wa.jsonl"
    path.write_text('{"id": 1, "text": "Your order has shipped."}\n', encoding="utf-8")
    call_command("compliance_check", str(path), channel="whatsapp", json=True)
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"] == {"n": 1, "blocked": 0, "warned": 0, "clean": 1, "error": 0, "by_rule": {}}
    assert err == "note: no text rules apply to channel 'whatsapp'; every row will be clean\n"


def test_missing_file(tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("compliance_check", str(tmp_path / "nope.jsonl"), channel="amazon")
    assert str(exc.value) == f"{tmp_path / 'nope.jsonl'}: no such file"


def test_dashed_name_runs_the_underscored_command(library):
    assert command_name("compliance-check") == "compliance_check"
    assert command_name("migrate") == "migrate"
    assert command_name("no-such-command") == "no-such-command"
    assert command_name("--help") == "--help"
    # the console entry point, in a process of its own
    done = subprocess.run(
        [sys.executable, "-c", "from sellerdesk.cli import main; main()", "compliance-check", "--channel", "amazon", str(library), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["blocked"] == 2

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


LABELLED = [
    {"id": "v1", "text": "Leave a review and get a free gift!", "lang": "en", "channel": "amazon", "verdict": "block", "rule": "amazon.no_review_incentive"},
    {"id": "v2", "text": "Bitte ändern Sie Ihre Bewertung.", "lang": "de", "channel": "amazon", "verdict": "block", "rule": "amazon.no_review_change_request"},
    {"id": "v3", "text": "Your parcel ships today.", "lang": "en", "channel": "amazon", "verdict": "block", "rule": "amazon.no_marketing"},
    {"id": "c1", "text": "Thank you for your feedback, we passed it on to the warehouse team today.", "lang": "en", "channel": "amazon", "verdict": "allow"},
    {"id": "c2", "text": "Add me on WhatsApp.", "lang": "en", "channel": "ebay", "verdict": "allow"},
    {"id": "c3", "text": "Email me at seller@example.com for the warranty.", "lang": "en", "channel": "ebay", "verdict": "allow",
     "context": {"order_number": "12-34567-89012"}},
    {"id": "w1", "text": "Leave a review and get 10% off!", "lang": "en", "channel": "shopify", "verdict": "warn", "rule": "marketplace.no_review_incentive"},
]


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in LABELLED) + '{"id": "bad", "text": "x", "channel": "amazon", "verdict": "maybe"}\n', encoding="utf-8")
    return path


def test_labelled_rows_are_scored(labelled, capsys):
    call_command("compliance_check", str(labelled), json=True)
    out, err = capsys.readouterr()
    ev = json.loads(out)["summary"]["evaluation"]
    assert ev["overall"] == {
        "violations": 3, "blocked": 2, "recall": 0.6667, "blocked_by_named_rule": 2,
        "clean": 4, "false_blocks": 1, "false_block_rate": 0.25, "warn_rows": 1, "warned": 1,
    }
    assert (ev["missed"], ev["false_blocked"], ev["unscored_errors"]) == (["v3"], ["c2"], 1)
    assert ev["by_language"]["de"] == {
        "violations": 1, "blocked": 1, "recall": 1.0, "blocked_by_named_rule": 1, "clean": 0, "false_blocks": 0, "false_block_rate": None,
    }
    assert {k: (v["recall"], v["false_block_rate"]) for k, v in ev["by_channel"].items()} == {
        "amazon": (0.6667, 0.0), "ebay": (None, 0.5), "shopify": (None, 0.0),
    }
    assert err == 'line 8: "verdict" must be one of block, warn, allow, not \'maybe\'\n'


def test_labelled_rows_in_the_table_output(labelled, capsys):
    call_command("compliance_check", str(labelled))
    lines = capsys.readouterr().out.splitlines()
    tail = lines[lines.index("") + 1:]
    assert tail == [
        "labelled rows: recall 0.667 (2/3 violations blocked), false-block rate 0.250 (1/4 clean texts blocked)",
        "  language de: recall 1.000 (1/1 violations blocked), false-block rate - (0/0 clean texts blocked)",
        "  language en: recall 0.500 (1/2 violations blocked), false-block rate 0.250 (1/4 clean texts blocked)",
        "  channel amazon: recall 0.667 (2/3 violations blocked), false-block rate 0.000 (0/1 clean texts blocked)",
        "  channel ebay: recall - (0/0 violations blocked), false-block rate 0.500 (1/2 clean texts blocked)",
        "  channel shopify: recall - (0/0 violations blocked), false-block rate 0.000 (0/1 clean texts blocked)",
        "  rule amazon.no_marketing: 0/1 blocked, 0 by this rule",
        "  rule amazon.no_review_change_request: 1/1 blocked, 1 by this rule",
        "  rule amazon.no_review_incentive: 1/1 blocked, 1 by this rule",
        "warn rows flagged as warnings: 1/1",
        "missed: v3",
        "blocked although clean: c2",
        "labelled rows not scored (errors): 1",
    ]


def test_csv_file_with_a_verdict_column(tmp_path, capsys):
    path = tmp_path / "table.csv"
    path.write_text(
        "text,lang,channel,verdict,rule,order_number\n"
        '"Contact us on WhatsApp, ""Anna"".",en,amazon,block,marketplace.no_off_platform_contact,\n'
        "Your refund was issued.,en,amazon,allow,,\n"
        "Email me at seller@example.com for the warranty.,en,ebay,allow,,12-34567-89012\n",
        encoding="utf-8",
    )
    call_command("compliance_check", str(path), json=True)
    report = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["status"]) for r in report["rows"]] == [(2, "blocked"), (3, "clean"), (4, "clean")]
    assert report["summary"]["evaluation"]["overall"]["recall"] == 1.0
    assert report["summary"]["evaluation"]["overall"]["false_block_rate"] == 0.0


def test_a_csv_without_a_text_column(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("body,channel\nhello,amazon\n", encoding="utf-8")
    call_command("compliance_check", str(path), json=True)
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["error"] == 1
    assert err == 'bad.csv: the header has no "text" column\n'


def test_a_row_without_any_channel(tmp_path, capsys):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"text": "hello"}\n{"text": "hello", "channel": "email", "context": {"now": "2026-01-01"}}\n', encoding="utf-8")
    call_command("compliance_check", str(path), json=True)
    out, err = capsys.readouterr()
    assert [r["status"] for r in json.loads(out)["rows"]] == ["error", "error"]
    assert err.splitlines() == [
        'line 1: no channel (give the row a "channel" or pass --channel)',
        "line 2: unknown context fields ['now']; known: ['attachments', 'buyer_country', 'feedback_already_requested', 'marketplace', "
        "'order_number', 'tracking_domains']",
    ]


def test_no_semantic_shows_what_the_patterns_alone_find(tmp_path, capsys):
    path = tmp_path / "para.jsonl"
    path.write_text('{"id": 1, "text": "A refund is yours the moment your opinion appears under the listing.", "channel": "amazon"}\n', encoding="utf-8")
    call_command("compliance_check", str(path), json=True)
    assert json.loads(capsys.readouterr().out)["rows"][0]["rules"] == ["amazon.no_review_incentive"]
    call_command("compliance_check", str(path), json=True, no_semantic=True)
    assert json.loads(capsys.readouterr().out)["rows"][0]["status"] == "clean"


def test_a_file_or_templates_is_needed():
    with pytest.raises(CommandError) as exc:
        call_command("compliance_check")
    assert str(exc.value) == "give a FILE to check (or --templates)"


def test_template_library_audit(db, capsys):
    from sellerdesk.lib import clock
    from sellerdesk.replies.models import ReplyTemplate

    now = clock.now()
    ReplyTemplate.objects.create(key="zz-bad", language="en", channel="", category="thanks", title="Bad", created_at=now, updated_at=now,
                                 body="Thanks {{ customer_first_name }}! Leave a review and get 10% off your next order.")
    ReplyTemplate.objects.create(key="zz-ebay", language="en", channel="ebay", category="thanks", title="eBay", created_at=now, updated_at=now,
                                 body="{% if channel == 'ebay' %}Pay me directly by PayPal next time.{% else %}Thanks!{% endif %}")
    ReplyTemplate.objects.create(key="zz-broken", language="en", channel="amazon", category="thanks", title="Broken", created_at=now,
                                 updated_at=now, body="Hello {% if %}")
    ReplyTemplate.objects.create(key="zz-off", language="en", channel="amazon", category="thanks", title="Off", created_at=now,
                                 updated_at=now, body="Visit our website!", is_active=False)
    call_command("compliance_check", templates=True, json=True)
    out, err = capsys.readouterr()
    report = json.loads(out)
    rows = {(r["id"], r["channel"]): (r["status"], r["rules"]) for r in report["rows"]}
    # an any-channel template is checked on every channel that has text rules
    assert {k: v for k, v in rows.items() if k[0] == "zz-bad[en/any]"} == {
        ("zz-bad[en/any]", "amazon"): ("blocked", ["amazon.no_marketing", "amazon.no_review_incentive", "amazon.not_needed_for_order"]),
        ("zz-bad[en/any]", "ebay"): ("blocked", ["ebay.no_feedback_manipulation"]),
        ("zz-bad[en/any]", "email"): ("warned", ["marketplace.no_review_incentive"]),
        ("zz-bad[en/any]", "shopify"): ("warned", ["marketplace.no_review_incentive"]),
        ("zz-bad[en/any]", "tiktok"): ("blocked", ["marketplace.no_review_incentive"]),
        ("zz-bad[en/any]", "walmart"): ("blocked", ["marketplace.no_review_incentive", "marketplace.no_marketing"]),
    }
    # a channel's template only on its channel, rendered with that channel as the {{ channel }} value
    assert rows[("zz-ebay[en/ebay]", "ebay")] == ("blocked", ["ebay.no_off_ebay_offers"])
    assert [k for k in rows if k[0] == "zz-ebay[en/ebay]"] == [("zz-ebay[en/ebay]", "ebay")]
    assert rows[("zz-broken[en/amazon]", "amazon")] == ("error", [])
    assert not any(k[0].startswith("zz-off") for k in rows)
    # the starter library passes everywhere (a template whose [[answer]] the agent fills in reads as a bare thank-you)
    starter = [v for k, v in rows.items() if not k[0].startswith("zz-")]
    library = ReplyTemplate.objects.filter(is_active=True).exclude(key__startswith="zz-")
    assert len(starter) == sum(1 if t.channel else 6 for t in library)
    assert sorted({status for status, _ in starter}) == ["clean", "warned"]
    assert report["summary"]["by_channel"]["ebay"]["blocked"] == 2
    assert err.splitlines() == [
        "templates for any channel are checked on: amazon, ebay, email, shopify, tiktok, walmart",
        "zz-broken[en/amazon]: does not render: line 1: Expected an expression, got 'end of statement block'",
    ]


def test_template_audit_on_one_channel(db, capsys):
    call_command("compliance_check", templates=True, channel="walmart")
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ID", "STATUS", "RULES"]
    assert all("@walmart" in line for line in out.splitlines()[1:] if line and not line.startswith((" ", "by rule", "on ")) and "rows:" not in line)
    assert out.splitlines()[-1].startswith("on walmart: ")

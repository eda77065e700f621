"""Measure triage on a labelled JSONL file in the evaluation format (docs/triage.md, "Evaluation").

A row without a label is skipped for that metric only. Tier-1 recall and
precision compare the product's tier with the tier the intent label implies.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

from django.conf import settings

from sellerdesk.triage.service import Message, analyze_many
from sellerdesk.triage.taxonomy import SENTIMENTS, TIER_OF_INTENT

BATCH = 64
LONG_ENOUGH = 20  # characters: the language target is stated for messages at least this long


def _prf(gold: list[str], pred: list[str], labels: list[str]) -> dict[str, dict]:
    table = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        n_pred = sum(1 for p in pred if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}
    return table


def _macro_f1(table: dict[str, dict]) -> float:
    present = [row["f1"] for row in table.values() if row["support"]]
    return sum(present) / len(present) if present else 0.0


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def triage_rows(rows: list[dict], *, using=None) -> list:
    if using is None:
        from sellerdesk.triage.bulk import analyze_bulk

        return analyze_bulk([Message(str(r.get("text") or ""), str(r.get("subject") or "")) for r in rows])
    results = []
    for i in range(0, len(rows), BATCH):
        chunk = rows[i : i + BATCH]
        results.extend(analyze_many([Message(str(r.get("text") or ""), str(r.get("subject") or "")) for r in chunk], using=using))
    return results


def with_second_opinion(rows: list[dict], results: list, complete=None) -> tuple[list, dict]:
    """The results as the product ends up with them when the language model's second opinion is on:
    unsure messages re-read, their intent replaced and the tier made stricter, never calmer
    (second_opinion.py). Also counts of what was asked, changed and failed."""
    from sellerdesk.triage import second_opinion

    out, counts = [], {"asked": 0, "changed": 0, "failed": 0}
    for row, result in zip(rows, results):
        if result.intent_confidence >= settings.TRIAGE_LLM_BELOW or result.claim_kind:
            out.append(result)
            continue
        counts["asked"] += 1
        try:
            opinion, _ = second_opinion.ask(str(row.get("text") or ""), complete)
        except Exception:
            counts["failed"] += 1
            out.append(result)
            continue
        if opinion.intent != result.intent:
            counts["changed"] += 1
            result = replace(result, intent=opinion.intent, tier=second_opinion.stricter_tier(result.tier, opinion.intent))
        out.append(result)
    return out, counts


def evaluate(rows: list[dict], *, using=None) -> dict:
    return evaluate_with_results(rows, using=using)[1]


def evaluate_with_results(rows: list[dict], *, using=None) -> tuple[list, dict]:
    analyze_many([Message("warm up")], using=using)  # loading the models is not part of the speed
    started = time.perf_counter()
    results = triage_rows(rows, using=using)
    return results, score(rows, results, time.perf_counter() - started)


def score(rows: list[dict], results: list, elapsed: float) -> dict:
    report: dict = {"n": len(rows), "messages_per_second": round(len(rows) / elapsed, 1) if elapsed else None}

    lang_rows = [(r, res) for r, res in zip(rows, results) if r.get("lang")]
    long_rows = [(r, res) for r, res in lang_rows if len(str(r.get("text") or "")) >= LONG_ENOUGH]
    report["language"] = {
        "n": len(lang_rows),
        "accuracy": _ratio(sum(res.language == r["lang"] for r, res in lang_rows), len(lang_rows)),
        "n_20_chars": len(long_rows),
        "accuracy_20_chars": _ratio(sum(res.language == r["lang"] for r, res in long_rows), len(long_rows)),
        "unknown": sum(res.language == "" for _, res in lang_rows),
        "wrong": sum(res.language not in ("", r["lang"]) for r, res in lang_rows),
    }

    intent_rows = [(r["intent"], res.intent) for r, res in zip(rows, results) if r.get("intent") in TIER_OF_INTENT]
    gold = [g for g, _ in intent_rows]
    pred = [p for _, p in intent_rows]
    labels = sorted(set(gold) | set(pred))
    table = _prf(gold, pred, labels)
    report["intent"] = {
        "n": len(intent_rows),
        "accuracy": _ratio(sum(g == p for g, p in intent_rows), len(intent_rows)),
        "macro_f1": _macro_f1(table) if intent_rows else None,
        "per_intent": table,
        "confusions": [
            {"gold": g, "predicted": p, "count": c} for (g, p), c in Counter((g, p) for g, p in intent_rows if g != p).most_common(10)
        ],
    }

    sent_rows = [(r["sentiment"], res.sentiment) for r, res in zip(rows, results) if r.get("sentiment") in SENTIMENTS]
    sent_table = _prf([g for g, _ in sent_rows], [p for _, p in sent_rows], list(SENTIMENTS))
    report["sentiment"] = {
        "n": len(sent_rows),
        "accuracy": _ratio(sum(g == p for g, p in sent_rows), len(sent_rows)),
        "macro_f1": _macro_f1(sent_table) if sent_rows else None,
    }

    tiers = [(TIER_OF_INTENT[r["intent"]], res.tier) for r, res in zip(rows, results) if r.get("intent") in TIER_OF_INTENT]
    tp = sum(1 for g, p in tiers if g == 1 and p == 1)
    report["tier1"] = {
        "n_gold": sum(1 for g, _ in tiers if g == 1),
        "n_predicted": sum(1 for _, p in tiers if p == 1),
        "recall": _ratio(tp, sum(1 for g, _ in tiers if g == 1)),
        "precision": _ratio(tp, sum(1 for _, p in tiers if p == 1)),
    }
    return report


GROUP_KEYS = ("source", "lang", "channel")


def breakdown(rows: list[dict], results: list, keys: list[str]) -> dict[str, dict[str, dict]]:
    """The same report for each value of each key: {"lang": {"en": report, "zh": report}, ...}.

    Real traffic mixes sources whose intents differ (chat turns in one language, tweets in
    another), so an overall figure alone can hide a language the model fails on.
    """
    out: dict[str, dict[str, dict]] = {}
    for key in keys:
        groups: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            groups.setdefault(str(row.get(key) or "-"), []).append(i)
        out[key] = {
            value: score([rows[i] for i in idx], [results[i] for i in idx], 0.0)
            for value, idx in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        }
    return out


def render_breakdown(groups: dict[str, dict[str, dict]]) -> str:
    header = f"{'':<16}{'n':>6}{'intent F1':>11}{'accuracy':>10}{'tier-1 R':>10}{'tier-1 P':>10}{'sent. F1':>10}{'lang 20+':>10}"
    lines = []
    for key, values in groups.items():
        lines += ["", f"by {key}:", header]
        for value, rep in values.items():
            lines.append(
                f"{value[:16]:<16}{rep['n']:>6}{_fmt(rep['intent']['macro_f1']):>11}{_fmt(rep['intent']['accuracy']):>10}"
                f"{_fmt(rep['tier1']['recall']):>10}{_fmt(rep['tier1']['precision']):>10}"
                f"{_fmt(rep['sentiment']['macro_f1']):>10}{_fmt(rep['language']['accuracy_20_chars']):>10}"
            )
    return "\n".join(lines) + "\n"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render(report: dict) -> str:
    lang, intent, sent, tier = report["language"], report["intent"], report["sentiment"], report["tier1"]
    lines = [
        f"n: {report['n']}",
        f"language accuracy: {_fmt(lang['accuracy'])} (n={lang['n']}; 20+ chars: {_fmt(lang['accuracy_20_chars'])}, "
        f"n={lang['n_20_chars']}; unknown {lang['unknown']}, wrong {lang['wrong']})",
        f"intent accuracy: {_fmt(intent['accuracy'])} (n={intent['n']})",
        f"intent macro-F1: {_fmt(intent['macro_f1'])}",
        f"{'intent':<24}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}",
    ]
    for label, row in intent["per_intent"].items():
        lines.append(f"{label:<24}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}{row['support']:>9}")
    lines += [
        f"sentiment macro-F1: {_fmt(sent['macro_f1'])} (n={sent['n']})",
        f"tier-1 recall: {_fmt(tier['recall'])} precision: {_fmt(tier['precision'])} "
        f"(gold {tier['n_gold']}, predicted {tier['n_predicted']})",
        f"messages/s: {report['messages_per_second']}",
    ]
    if "second_opinion" in report:
        asked = report["second_opinion"]
        lines.append(f"second opinion: asked {asked['asked']}, changed {asked['changed']}, failed {asked['failed']}")
    return "\n".join(lines) + "\n"

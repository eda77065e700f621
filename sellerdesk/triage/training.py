"""Build the triage model from the shipped training files, plus agents' corrections on retrain.

Deterministic: fixed seed, fixed file order, so the same data gives the same model.
The tier-1 threshold and the "needs a human" confidence are chosen on out-of-fold
predictions (cross-validation on the training rows), never on an evaluation set.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from sellerdesk.triage import cues, features
from sellerdesk.triage.model import Head, Model, summed_tier1, tier1_candidates
from sellerdesk.triage.taxonomy import INTENTS, SENTIMENTS, TIER1_INTENTS

log = logging.getLogger("sellerdesk.triage")
DATA = Path(__file__).resolve().parent / "data"
SEED = 20251123
FEATURE_VERSION = "usem3-spm+signals+char-2+tier1-4"
INTENT_C = 8.0
SENTIMENT_C = 4.0
TIER1_C = 4.0
CHAR_C = 16.0
CHAR_BLEND = 0.5  # share of the character n-gram model in each head's probabilities
EXAMPLE_WEIGHT = 2.0  # our multilingual, realistic rows count more than the short English dev rows
BITEXT_WEIGHT = 0.5  # the templated English dev rows: many, tidy, and unlike real traffic
FOLDS = 3  # out-of-fold predictions for the thresholds: three fits of each head
CORRECTION_WEIGHT = 3.0  # an agent's correction is the best label we have
# The dev set has no sentiment labels, but its plain requests are neutral in tone: they teach the
# sentiment model that a short "cancel my order" is not negative. Weak labels, low weight.
WEAK_NEUTRAL_WEIGHT = 0.3
WEAK_NEUTRAL_INTENTS = frozenset(INTENTS) - {"complaint", "feedback_thanks"}
TIER1_RECALL_TARGET = 0.99  # on our own rows; real traffic is harder, and a missed tier-1 message costs most
# Below a confidence chosen on out-of-fold predictions the label is a guess: the message becomes
# "other", marked as needing a human. Chosen for macro-F1; a fallback that costs less than this
# much macro-F1 is kept, as it turns confident errors into a person reading the message.
HUMAN_F1_TOLERANCE = 0.002
# A language gets its own tier-1 threshold when its out-of-fold rows hold at least this many
# tier-1 and this many other messages (fewer make the recall quantile too noisy).
LANGUAGE_THRESHOLD_ROWS = 150
LOW_CONFIDENCE_GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def training_files() -> list[Path]:
    """The shipped rows: the English dev set, our examples, and the traffic-like rows written
    for SellerDesk (tweets, chats, long mails, reviews), in a fixed order."""
    return [
        DATA / "bitext_dev.jsonl",
        *sorted(DATA.glob("examples_*.jsonl")),
        *sorted(DATA.glob("traffic_*.jsonl")),
        *sorted(DATA.glob("reviews_*.jsonl")),
    ]


def data_hash() -> str:
    """Identifies the training data and feature code the shipped files give."""
    from sellerdesk.triage.seller_data import history_path

    # The local files are part of the key: an import or a cue edit in another process changes them.
    return _data_hash(str(DATA), _stamp(cues.override_path()), _stamp(history_path()))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return 0, 0


@lru_cache(maxsize=8)
def _data_hash(_data_dir: str, _override: tuple, _history: tuple) -> str:
    h = hashlib.sha256(FEATURE_VERSION.encode())
    for path in [*training_files(), cues.SHIPPED]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    if cues.override_path().exists():
        h.update(cues.override_path().read_bytes())
    from sellerdesk.triage.seller_data import history_path

    if history_path().exists():  # a seller's imported history: every process rebuilds with it
        h.update(b"seller-history")
        h.update(history_path().read_bytes())
    return h.hexdigest()[:16]


def local_rows(*, optional: bool = False) -> list[dict]:
    """This installation's own rows: agents' corrections and the seller's imported history."""
    from sellerdesk.triage import corrections, seller_data

    return corrections.training_rows(optional=optional) + seller_data.stored_rows()


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return rows


def shipped_rows() -> list[dict]:
    rows = []
    for path in training_files():
        weight = BITEXT_WEIGHT if path.name == "bitext_dev.jsonl" else EXAMPLE_WEIGHT
        rows.extend({**r, "weight": weight} for r in read_jsonl(path))
    return rows


_featurized: dict[tuple, np.ndarray] = {}  # (text, lang, cue kinds) -> feature row, for repeated builds in one process


def featurize(rows: list[dict], cue_kinds: list[str]) -> np.ndarray:
    keys = [(r["text"], r.get("lang") or "", tuple(cue_kinds)) for r in rows]
    missing = list(dict.fromkeys(k for k in keys if k not in _featurized))
    if missing:
        sigs = [features.signals(text, language=lang) for text, lang, _ in missing]
        x = features.matrix([text for text, _, _ in missing], sigs, cue_kinds)
        _featurized.update(zip(missing, x))
    return np.vstack([_featurized[k] for k in keys])


def _idf(counts) -> np.ndarray:
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    n = counts.shape[0]
    return (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)  # smooth idf, as scikit-learn does


def _fit(x: np.ndarray, y: list[str], weights: np.ndarray, c: float) -> LogisticRegression:
    # lbfgs: the same model as newton-cg on these features, eight times faster to fit.
    clf = LogisticRegression(C=c, solver="lbfgs", max_iter=300, class_weight="balanced", random_state=SEED)
    clf.fit(x, y, sample_weight=weights)
    return clf


def _fit_char(cx, y: list[str], weights: np.ndarray) -> LogisticRegression:
    clf = LogisticRegression(C=CHAR_C, solver="saga", max_iter=100, tol=1e-3, class_weight="balanced", random_state=SEED)
    clf.fit(cx, y, sample_weight=weights)
    return clf


def _columns(clf: LogisticRegression) -> tuple[np.ndarray, np.ndarray]:
    """(weights (classes, features), bias) for every class, also for a two-class model
    (scikit-learn keeps one row for two classes: the second class's log-odds)."""
    if len(clf.classes_) == 2:
        half_w, half_b = clf.coef_ / 2, clf.intercept_ / 2
        return np.vstack([-half_w, half_w]), np.concatenate([-half_b, half_b])
    return clf.coef_, clf.intercept_


def fit_head(x: np.ndarray, cx, y: list[str], weights: np.ndarray, c: float) -> Head:
    """A dense model on x and a char n-gram model on cx, blended; classes sorted."""
    dense = _fit(x, y, weights, c)
    classes = [str(k) for k in dense.classes_]
    w, b = _columns(dense)
    if cx is None:
        return Head(classes, w, b)
    char = _fit_char(cx, y, weights)
    cw, cb = _columns(char)
    order = [list(char.classes_).index(k) for k in classes]
    return Head(classes, w, b, cw[order].T.astype(np.float32), cb[order].astype(np.float32), CHAR_BLEND)


def tier1_labels(intents: list[str]) -> list[str]:
    return ["yes" if i in TIER1_INTENTS else "no" for i in intents]


def out_of_fold(x: np.ndarray, cx, y: list[str], weights: np.ndarray, folds: int = FOLDS) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Intent probabilities and the tier-1 head's scores for every row, from models that did not see it."""
    classes = sorted(set(y))
    proba = np.zeros((len(y), len(classes)), dtype=np.float64)
    tier1 = np.zeros(len(y), dtype=np.float64)
    y_arr, t_arr = np.asarray(y), np.asarray(tier1_labels(y))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train, test in splitter.split(x, y_arr):
        head = fit_head(x[train], cx[train], list(y_arr[train]), weights[train], INTENT_C)
        idx = [classes.index(c) for c in head.classes]
        proba[np.ix_(test, idx)] = head.proba(x[test], cx[test])
        if len(set(t_arr[train])) == 2:
            t_head = fit_head(x[train], cx[train], list(t_arr[train]), weights[train], TIER1_C)
            tier1[test] = t_head.proba(x[test], cx[test])[:, t_head.classes.index("yes")]
        else:
            tier1[test] = 1.0 if t_arr[train][0] == "yes" else 0.0
    return proba, classes, tier1


def choose_threshold(
    scores: np.ndarray, is_tier1: np.ndarray, target: float = TIER1_RECALL_TARGET, caught: np.ndarray | None = None
) -> float:
    """The highest threshold whose tier-1 recall still reaches the target.

    `caught`: rows the product raises to tier 1 whatever their score (the likeliest intent is a
    tier-1 one, an escalation cue fired; priority.py). The score only has to find the tier-1 rows
    those miss, so the threshold is chosen for the recall of the rule as the product applies it."""
    if caught is None:
        caught = np.zeros(len(scores), dtype=bool)
    n_positive = int(is_tier1.sum())
    if n_positive == 0:
        return 0.5
    missed_allowed = int(np.floor((1 - target) * n_positive))
    rest = np.sort(scores[is_tier1 & ~caught])
    if missed_allowed >= len(rest):
        return 0.5
    return float(min(0.5, rest[missed_allowed]))


def precision_at_recall(
    scores: np.ndarray, is_tier1: np.ndarray, target: float = TIER1_RECALL_TARGET, caught: np.ndarray | None = None
) -> float:
    threshold = choose_threshold(scores, is_tier1, target, caught)
    chosen = scores >= threshold if caught is None else (scores >= threshold) | caught
    return float((chosen & is_tier1).sum() / max(1, chosen.sum()))


def thresholds_by_language(
    scores: np.ndarray, is_tier1: np.ndarray, languages: list[str], caught: np.ndarray | None = None
) -> dict[str, float]:
    """The recall-target threshold of each language with enough rows of both kinds: the same
    recall on every language's own rows, whatever share of tier-1 messages it has."""
    out = {}
    langs = np.asarray(languages)
    for lang in sorted(set(languages) - {""}):
        mine = langs == lang
        if min(is_tier1[mine].sum(), (~is_tier1[mine]).sum()) < LANGUAGE_THRESHOLD_ROWS:
            continue
        out[lang] = choose_threshold(scores[mine], is_tier1[mine], caught=None if caught is None else caught[mine])
    return out


SURE_CONFIDENCE_GRID = (0.5, 0.6, 0.7, 0.8)


def split_budget(
    scores: np.ndarray, is_tier1: np.ndarray, caught: np.ndarray, sure: np.ndarray, target: float = TIER1_RECALL_TARGET
) -> tuple[float, float, int]:
    """(threshold for unsure rows, threshold for sure everyday rows, false alarms) with the fewest false
    alarms while the rule as applied still finds `target` of the tier-1 rows: the misses the recall
    target allows are shared between the two kinds of rows however raises the fewest others."""
    n_positive = int(is_tier1.sum())
    budget = int(np.floor((1 - target) * n_positive))
    free = ~caught
    pos_u = np.sort(scores[is_tier1 & free & ~sure])
    pos_s = np.sort(scores[is_tier1 & free & sure])
    neg_u, neg_s = scores[~is_tier1 & free & ~sure], scores[~is_tier1 & free & sure]

    def at(sorted_scores: np.ndarray, k: int) -> float:
        return float(min(0.5, sorted_scores[k])) if k < len(sorted_scores) else 0.5

    best = None
    for k in range(min(budget, len(pos_s)) + 1):  # k misses among sure rows, the rest among unsure ones
        t_u, t_s = at(pos_u, budget - k), at(pos_s, k)
        if (pos_u < t_u).sum() + (pos_s < t_s).sum() > budget:
            continue  # ties at a cap: more misses than allowed
        alarms = int((neg_u >= t_u).sum() + (neg_s >= t_s).sum())
        if best is None or alarms < best[2]:
            best = (t_u, t_s, alarms)
    return best if best is not None else (at(pos_u, 0), at(pos_s, 0), int((neg_u >= at(pos_u, 0)).sum() + (neg_s >= at(pos_s, 0)).sum()))


def choose_sure_rule(
    scores: np.ndarray, is_tier1: np.ndarray, caught: np.ndarray, proba: np.ndarray, target: float = TIER1_RECALL_TARGET
) -> dict:
    """Whether a sure everyday reading earns its own, higher tier-1 threshold: for each confidence of
    the grid, the two thresholds with the fewest false alarms at the recall target (split_budget);
    kept only if it raises fewer others than one threshold for all. Returns {"confidence",
    "threshold", "unsure_threshold", "alarms", "alarms_one_threshold"} (confidence 1.01: off)."""
    one = choose_threshold(scores, is_tier1, target, caught)
    one_alarms = int(((scores >= one) & ~caught & ~is_tier1).sum())
    conf = proba.max(axis=1)
    best = {"confidence": 1.01, "threshold": 0.5, "unsure_threshold": one, "alarms": one_alarms, "alarms_one_threshold": one_alarms}
    for c in SURE_CONFIDENCE_GRID:
        t_u, t_s, alarms = split_budget(scores, is_tier1, caught, conf >= c, target)
        if alarms < best["alarms"]:
            best = {**best, "confidence": c, "threshold": t_s, "unsure_threshold": t_u, "alarms": alarms}
    return best


def sure_thresholds_by_language(
    scores: np.ndarray, is_tier1: np.ndarray, caught: np.ndarray, sure: np.ndarray, languages: list[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """The two thresholds of each language with enough rows, for the chosen confidence."""
    unsure, sure_out = {}, {}
    langs = np.asarray(languages)
    for lang in sorted(set(languages) - {""}):
        mine = langs == lang
        if min(is_tier1[mine].sum(), (~is_tier1[mine]).sum()) < LANGUAGE_THRESHOLD_ROWS:
            continue
        unsure[lang], sure_out[lang], _ = split_budget(scores[mine], is_tier1[mine], caught[mine], sure[mine])
    return unsure, sure_out


def raised_anyway(proba: np.ndarray, classes: list[str], texts: list[str]) -> np.ndarray:
    """Rows the product makes tier 1 without the tier-1 score: the likeliest intent is a tier-1 one,
    or an escalation cue fired (priority.decide)."""
    best = np.asarray(classes)[proba.argmax(axis=1)]
    by_intent = np.isin(best, list(TIER1_INTENTS))
    by_cue = np.asarray([bool(cues.find(t).cues) for t in texts], dtype=bool)
    return by_intent | by_cue


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    scores = []
    for label in np.unique(gold):
        tp = np.sum((gold == label) & (pred == label))
        precision = tp / max(1, np.sum(pred == label))
        recall = tp / np.sum(gold == label)
        scores.append(2 * precision * recall / (precision + recall) if tp else 0.0)
    return float(np.mean(scores))


def needs_human_tradeoff(proba: np.ndarray, classes: list[str], y: list[str]) -> list[dict]:
    """For each candidate confidence: out-of-fold intent macro-F1 when the messages below it become
    "other", how many wrong labels that prevents and how many right ones it loses."""
    gold = np.asarray(y)
    best = np.asarray(classes)[proba.argmax(axis=1)]
    conf = proba.max(axis=1)
    out = []
    for t in (0.0, *LOW_CONFIDENCE_GRID):
        below = conf < t
        pred = np.where(below, "other", best)
        out.append({
            "threshold": t,
            "macro_f1": round(macro_f1(gold, pred), 4),
            "wrong_prevented": int(np.sum(below & (best != gold) & (gold != "other"))),
            "right_lost": int(np.sum(below & (best == gold) & (gold != "other"))),
        })
    return out


def choose_low_confidence(tradeoff: list[dict]) -> float:
    """The confidence whose fallback gives the best out-of-fold macro-F1; of equal ones (within
    HUMAN_F1_TOLERANCE) the highest, as a wrong label costs an agent more than an "other"."""
    best = max(row["macro_f1"] for row in tradeoff)
    return max(row["threshold"] for row in tradeoff if row["macro_f1"] >= best - HUMAN_F1_TOLERANCE)


def build(extra_rows: Iterable[dict] = (), *, exclude_ids: frozenset = frozenset(), cv_threshold: bool = True) -> Model:
    """Train on the shipped rows (less exclude_ids) plus extra_rows (agents' corrections, a seller's history)."""
    started = time.monotonic()
    built_from = data_hash()  # before reading: a file changed during the build makes this build stale
    rows = [r for r in shipped_rows() if r.get("id") not in exclude_ids]
    rows += [{**r, "weight": r.get("weight", CORRECTION_WEIGHT)} for r in extra_rows]
    rows = [r for r in rows if (r.get("text") or "").strip()]
    cue_kinds = list(cues.rules().order)
    x_all = featurize(rows, cue_kinds)
    counts_all = features.char_counts([r["text"] for r in rows])
    idf = _idf(counts_all)
    cx_all = features.char_tfidf(counts_all, idf)

    with_intent = [i for i, r in enumerate(rows) if r.get("intent") in INTENTS]
    x, cx = x_all[with_intent], cx_all[with_intent]
    y = [rows[i]["intent"] for i in with_intent]
    w = np.asarray([rows[i]["weight"] for i in with_intent], dtype=np.float64)
    intent = fit_head(x, cx, y, w, INTENT_C)
    tier1_y = tier1_labels(y)
    if len(set(tier1_y)) == 2:
        tier1 = fit_head(x, cx, tier1_y, w, TIER1_C)
    else:  # a training set of one kind (tests' tiny sets): the answer is that kind
        only = tier1_y[0]
        tier1 = Head(["no", "yes"], np.zeros((2, x.shape[1])), np.array([0.0, 1.0]) * (1 if only == "yes" else -1))
    threshold, low_confidence, source, tier1_cv, by_language, tradeoff = 0.5, 0.0, "intents", {}, {}, []
    sure_rule, sure_threshold, sure_by_language = {"confidence": 1.01}, 0.5, {}
    smallest = min(np.unique(y, return_counts=True)[1])
    if cv_threshold and smallest >= 2:
        proba, classes, head_oof = out_of_fold(x, cx, y, w, folds=min(FOLDS, int(smallest)))
        is_tier1 = np.asarray([i in TIER1_INTENTS for i in y])
        # The tier-1 score that separates best on rows no model saw: the most precise at the recall target.
        caught = raised_anyway(proba, classes, [rows[i]["text"] for i in with_intent])
        candidates = tier1_candidates(summed_tier1(proba, classes), head_oof)
        tier1_cv = {name: round(precision_at_recall(s, is_tier1, caught=caught), 4) for name, s in candidates.items()}
        source = max(tier1_cv, key=lambda name: (tier1_cv[name], name == "intents"))
        languages = [rows[i].get("lang") or "" for i in with_intent]
        sure_rule = choose_sure_rule(candidates[source], is_tier1, caught, proba)
        threshold = sure_rule["unsure_threshold"]  # the single threshold when the rule is off
        if sure_rule["confidence"] <= 1:
            sure_threshold = sure_rule["threshold"]
            sure = proba.max(axis=1) >= sure_rule["confidence"]
            by_language, sure_by_language = sure_thresholds_by_language(candidates[source], is_tier1, caught, sure, languages)
        else:
            by_language = thresholds_by_language(candidates[source], is_tier1, languages, caught=caught)
        tradeoff = needs_human_tradeoff(proba, classes, y)
        low_confidence = choose_low_confidence(tradeoff)

    labelled, labels, weights = [], [], []
    for i, r in enumerate(rows):
        if r.get("sentiment") in SENTIMENTS:
            labelled.append(i)
            labels.append(r["sentiment"])
            weights.append(CORRECTION_WEIGHT if r.get("source") == "correction" else 1.0)
        elif r.get("source") == "bitext" and r.get("intent") in WEAK_NEUTRAL_INTENTS and not cues.find(r["text"]).anger:
            labelled.append(i)
            labels.append("neutral")
            weights.append(WEAK_NEUTRAL_WEIGHT)
    sentiment = fit_head(x_all[labelled], cx_all[labelled], labels, np.asarray(weights), SENTIMENT_C)
    meta = {
        "data_hash": built_from,
        "rows": len(with_intent),
        "corrections": sum(1 for r in rows if r.get("source") == "correction"),
        "seller_rows": sum(1 for r in rows if r.get("source") == "seller"),
        "sentiment_rows": len(labelled),
        "tier1_precision_at_target_recall": tier1_cv,
        "tier1_threshold_by_language": {k: round(v, 4) for k, v in by_language.items()},
        "tier1_sure_rule": sure_rule,
        "tier1_sure_threshold_by_language": {k: round(v, 4) for k, v in sure_by_language.items()},
        "needs_human_tradeoff": tradeoff,
        "seed": SEED,
        "built_in_seconds": round(time.monotonic() - started, 1),
    }
    log.info("triage model built: %s", meta)
    return Model(
        intent=intent,
        sentiment=sentiment,
        tier1=tier1,
        tier1_threshold=threshold,
        tier1_source=source,
        tier1_by_language=by_language,
        tier1_sure_confidence=float(sure_rule["confidence"]),
        tier1_sure_threshold=sure_threshold,
        tier1_sure_by_language=sure_by_language,
        low_confidence=low_confidence,
        cue_kinds=cue_kinds,
        char_idf=idf,
        meta=meta,
    )


def cross_validate(rows: list[dict], folds: int = 5) -> list[tuple[list[dict], Model]]:
    """Split a labelled file into folds; for each, a model trained without that fold's rows.

    Rows of the file that are also shipped training rows (same id) are left out of
    training for their fold, so the figures are honest for the dev set too.
    """
    labelled = [r for r in rows if r.get("intent") in INTENTS]
    shipped = shipped_rows()
    shipped_ids = frozenset(r.get("id") for r in shipped)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    out = []
    for _, test in splitter.split(np.zeros(len(labelled)), [r["intent"] for r in labelled]):
        test_set = set(test)
        held = [labelled[i] for i in test]
        held_ids = frozenset(r.get("id") for r in held if r.get("id"))
        held_texts = {r["text"] for r in held}
        train_extra = [
            {**r, "weight": EXAMPLE_WEIGHT}
            for i, r in enumerate(labelled)
            if i not in test_set and r.get("id") not in shipped_ids
        ]
        same_text = frozenset(r.get("id") for r in shipped if r["text"] in held_texts)
        model = build(train_extra, exclude_ids=held_ids | same_text)
        out.append((held, model))
    return out


"""The decisions chosen at build time on out-of-fold predictions: per-language tier-1 thresholds
and the confidence below which a message needs a human."""

import numpy as np

from sellerdesk.triage import training
from sellerdesk.triage.model import Head, Model


def _scores(n_yes: int, n_no: int, yes_low: float, no_high: float):
    """n_yes tier-1 rows scored evenly from yes_low to 1, n_no others from 0 to no_high."""
    scores = np.concatenate([np.linspace(yes_low, 1.0, n_yes), np.linspace(0.0, no_high, n_no)])
    return scores, np.array([True] * n_yes + [False] * n_no)


def test_each_language_with_enough_rows_gets_its_own_recall_threshold():
    zh, zh_t1 = _scores(200, 200, 0.40, 0.45)
    en, en_t1 = _scores(200, 200, 0.10, 0.15)
    few, few_t1 = _scores(20, 20, 0.30, 0.35)
    scores = np.concatenate([zh, en, few])
    is_tier1 = np.concatenate([zh_t1, en_t1, few_t1])
    langs = ["zh"] * 400 + ["en"] * 400 + ["ko"] * 40
    chosen = training.thresholds_by_language(scores, is_tier1, langs)
    assert sorted(chosen) == ["en", "zh"]  # ko has too few rows for a threshold of its own
    # The threshold is the score of the second lowest tier-1 row (recall 0.99 of 200 rows).
    assert chosen["zh"] == float(np.linspace(0.40, 1.0, 200)[2])
    assert chosen["en"] == float(np.linspace(0.10, 1.0, 200)[2])


def test_a_language_threshold_never_exceeds_one_half():
    scores, is_tier1 = _scores(200, 200, 0.8, 0.1)
    assert training.thresholds_by_language(scores, is_tier1, ["de"] * 400) == {"de": 0.5}


def _model(**kw) -> Model:
    head = Head(["a", "b"], np.zeros((2, 3)), np.zeros(2))
    tier1 = Head(["no", "yes"], np.zeros((2, 3)), np.zeros(2))
    return Model(head, head, tier1, 0.2, 0.0, [], np.ones(4, dtype=np.float32), {}, **kw)


def test_a_language_without_its_own_threshold_uses_the_overall_one(tmp_path):
    m = _model(tier1_by_language={"zh": 0.41, "en": 0.18})
    m.save(tmp_path / "m.npz")
    loaded = Model.load(tmp_path / "m.npz")
    assert loaded.tier1_by_language == {"en": 0.18, "zh": 0.41}
    assert (loaded.threshold_for("zh"), loaded.threshold_for("en"), loaded.threshold_for("ko"), loaded.threshold_for("")) == (
        0.41, 0.18, 0.2, 0.2,
    )


def test_the_needs_a_human_tradeoff_counts_what_the_fallback_prevents_and_loses():
    classes = ["other", "refund", "return_exchange"]
    proba = np.array([
        [0.1, 0.8, 0.1],    # refund, sure and right
        [0.1, 0.45, 0.45],  # unsure (0.45), says refund: wrong
        [0.3, 0.35, 0.35],  # unsure (0.35), says refund: right
        [0.9, 0.05, 0.05],  # other, sure and right
    ])
    y = ["refund", "return_exchange", "refund", "other"]
    rows = {row["threshold"]: row for row in training.needs_human_tradeoff(proba, classes, y)}
    assert (rows[0.0]["wrong_prevented"], rows[0.0]["right_lost"]) == (0, 0)
    assert (rows[0.4]["wrong_prevented"], rows[0.4]["right_lost"]) == (0, 1)
    assert (rows[0.5]["wrong_prevented"], rows[0.5]["right_lost"]) == (1, 1)
    # Without the fallback: refund P 2/3 R 1, return 0, other 1 -> (0.8 + 0 + 1) / 3.
    assert rows[0.0]["macro_f1"] == round((0.8 + 0 + 1) / 3, 4)


def test_the_fallback_threshold_is_the_highest_of_the_best_macro_f1():
    tradeoff = [
        {"threshold": 0.0, "macro_f1": 0.80},
        {"threshold": 0.2, "macro_f1": 0.81},
        {"threshold": 0.25, "macro_f1": 0.8095},  # within the tolerance of the best: kept
        {"threshold": 0.3, "macro_f1": 0.79},
    ]
    assert training.choose_low_confidence(tradeoff) == 0.25
    assert training.choose_low_confidence([{"threshold": 0.0, "macro_f1": 0.9}, {"threshold": 0.2, "macro_f1": 0.8}]) == 0.0


def test_the_threshold_is_chosen_for_the_rule_as_applied_not_the_score_alone():
    # 200 tier-1 rows scored 0.10 .. 1.0; the 150 lowest of them are raised anyway by their intent.
    scores, is_tier1 = _scores(200, 200, 0.10, 0.15)
    caught = np.zeros(400, dtype=bool)
    caught[:150] = True
    # Alone, recall 0.99 needs the second lowest tier-1 score; with the intent's help the score only
    # has to find the tier-1 rows the intent misses, and two of all 200 may still be missed.
    assert training.choose_threshold(scores, is_tier1) == float(np.linspace(0.10, 1.0, 200)[2])
    assert training.choose_threshold(scores, is_tier1, caught=caught) == 0.5
    caught[:] = False
    caught[:5] = True  # the five lowest caught: the threshold is the third lowest of the others
    assert training.choose_threshold(scores, is_tier1, caught=caught) == float(np.linspace(0.10, 1.0, 200)[7])


def test_rows_raised_anyway_by_a_tier1_intent_or_a_cue():
    classes = ["damaged_defective", "order_status"]
    proba = np.array([[0.7, 0.3], [0.2, 0.8], [0.2, 0.8]])
    texts = ["it arrived broken", "where is my parcel", "where is my parcel? I will file a chargeback"]
    assert training.raised_anyway(proba, classes, texts).tolist() == [True, False, True]


def test_the_recall_budget_is_spent_where_it_saves_most_false_alarms():
    # 100 tier-1 rows the score must find (recall 0.99 allows one miss): 99 unsure ones scored 0.30 ..
    # 0.90, one sure everyday reading scored 0.05. Others: 50 unsure ones scored 0.0 .. 0.25, 50 sure
    # everyday readings scored 0.06 .. 0.20.
    scores = np.concatenate([np.linspace(0.30, 0.90, 99), [0.05], np.linspace(0.0, 0.25, 50), np.linspace(0.06, 0.20, 50)])
    is_tier1 = np.array([True] * 100 + [False] * 100)
    sure = np.array([False] * 99 + [True] + [False] * 50 + [True] * 50)
    caught = np.zeros(200, dtype=bool)
    # One threshold for all must stay at 0.05 (or miss the lowest unsure one at 0.30 and the sure one):
    # missing the sure row instead lets the sure threshold rise to the cap and raises no other row.
    t_unsure, t_sure, alarms = training.split_budget(scores, is_tier1, caught, sure)
    assert (t_unsure, t_sure, alarms) == (0.30, 0.5, 0)


def test_the_sure_rule_is_kept_only_when_it_raises_fewer_others():
    # Tier-1 rows: one unsure outlier at 0.02, 98 unsure ones 0.30 .. 0.90, one sure everyday reading
    # at 0.10. Others: 50 unsure ones 0.0 .. 0.25, 50 sure everyday readings 0.11 .. 0.20.
    scores = np.concatenate([[0.02], np.linspace(0.30, 0.90, 98), [0.10], np.linspace(0.0, 0.25, 50), np.linspace(0.11, 0.20, 50)])
    is_tier1 = np.array([True] * 100 + [False] * 100)
    caught = np.zeros(200, dtype=bool)
    proba = np.full((200, 2), 0.5)
    proba[99, 0], proba[150:, 0] = 0.9, 0.9  # the sure everyday readings
    # One threshold (the one miss on the outlier) is 0.10: 30 unsure and all 50 sure others raised.
    assert training.choose_threshold(scores, is_tier1, caught=caught) == 0.10
    # Missing the sure tier-1 row instead: every unsure row from 0.02 (46 others), no sure one.
    rule = training.choose_sure_rule(scores, is_tier1, caught, proba)
    assert rule == {"confidence": 0.6, "threshold": 0.5, "unsure_threshold": 0.02, "alarms": 46, "alarms_one_threshold": 80}
    proba[:, 0] = 0.5  # nobody sure: nothing to gain, the rule stays off
    assert training.choose_sure_rule(scores, is_tier1, caught, proba)["confidence"] == 1.01

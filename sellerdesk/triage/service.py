"""analyze(): language, intent, sentiment, escalation cues, entities, tier and urgency of one message.

The model (model.get) is loaded once per process; a single message costs one
embedding (a few ms) plus keyword and pattern scans. analyze_many() embeds a
batch at once for imports, evaluation and benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sellerdesk.triage import features, model, priority
from sellerdesk.triage.language import detect_language
from sellerdesk.triage.taxonomy import TIER1_INTENTS, TIER_OF_INTENT

__all__ = ["TIER_OF_INTENT", "Message", "TriageResult", "analyze", "analyze_many", "warm_up"]


@dataclass
class TriageResult:
    language: str
    language_confidence: float
    intent: str
    intent_confidence: float
    sentiment: str
    tier: int
    urgency: int
    reasons: list[str] = field(default_factory=list)
    sentiment_confidence: float = 0.0
    tier1_probability: float = 0.0
    intent_scores: dict[str, float] = field(default_factory=dict)  # the three likeliest intents
    cues: list[str] = field(default_factory=list)  # escalation cue kinds that fired
    entities: list[dict] = field(default_factory=list)  # see entities.Entity

    @property
    def low_confidence(self) -> bool:
        return self.intent_confidence < 0.5


@dataclass
class Message:
    text: str
    subject: str = ""
    claim_kind: str = ""
    is_vip: bool = False
    customer_value: float | None = None


def _language(text: str, subject: str) -> tuple[str, float]:
    lang, conf = detect_language(text)
    if not lang and subject:
        lang, conf = detect_language(f"{subject}\n{text}")
    return lang, conf


def analyze_many(messages: list[Message], *, using: model.Model | None = None) -> list[TriageResult]:
    """Triage a batch; `using` evaluates a model other than the installed one (cross-validation)."""
    if not messages:
        return []
    m = using or model.get()
    langs = [_language(msg.text or "", msg.subject) for msg in messages]
    sigs = [features.signals(msg.text or "", msg.subject, lang) for msg, (lang, _) in zip(messages, langs)]
    x = features.matrix([msg.text or "" for msg in messages], sigs, m.cue_kinds, [msg.subject for msg in messages])
    counts = features.char_counts([msg.text or "" for msg in messages], [msg.subject for msg in messages])
    intent_p = m.intent_proba(x, counts)
    sentiment_p = m.sentiment_proba(x)
    tier1_cols = [i for i, c in enumerate(m.intent_classes) if c in TIER1_INTENTS]
    results = []
    for row, (msg, (lang, lang_conf), sig) in enumerate(zip(messages, langs, sigs)):
        results.append(_result(m, msg, lang, lang_conf, sig, intent_p[row], sentiment_p[row], tier1_cols))
    return results


def _result(m, msg: Message, lang, lang_conf, sig, intent_p: np.ndarray, sentiment_p: np.ndarray, tier1_cols) -> TriageResult:
    order = np.argsort(-intent_p)
    intent, intent_conf = m.intent_classes[order[0]], float(intent_p[order[0]])
    tier1_p = float(intent_p[tier1_cols].sum())
    s_best = int(np.argmax(sentiment_p))
    sentiment, sentiment_conf = m.sentiment_classes[s_best], float(sentiment_p[s_best])
    if sig.hits.anger and sentiment != "negative":
        # An angry word outweighs a polite tone: "thanks for nothing, this is a scam".
        sentiment, sentiment_conf = "negative", max(0.8, float(sentiment_p[m.sentiment_classes.index("negative")]))
    claim = priority.CLAIMS.get(msg.claim_kind)
    if claim and TIER_OF_INTENT[claim[0]] <= TIER_OF_INTENT[intent]:
        intent, intent_conf = claim[0], 1.0  # the platform says what this is
    prio = priority.decide(
        intent=intent,
        intent_confidence=intent_conf,
        tier1_probability=tier1_p,
        tier1_threshold=m.tier1_threshold,
        sentiment=sentiment,
        sentiment_confidence=sentiment_conf,
        hits=sig.hits,
        claim_kind=msg.claim_kind,
        is_vip=msg.is_vip,
        customer_value=msg.customer_value,
    )
    return TriageResult(
        language=lang,
        language_confidence=round(lang_conf, 3),
        intent=intent,
        intent_confidence=round(intent_conf, 3),
        sentiment=sentiment,
        tier=prio.tier,
        urgency=prio.urgency,
        reasons=prio.reasons,
        sentiment_confidence=round(sentiment_conf, 3),
        tier1_probability=round(tier1_p, 3),
        intent_scores={m.intent_classes[i]: round(float(intent_p[i]), 3) for i in order[:3]},
        cues=list(sig.hits.cues),
        entities=[e.as_dict() for e in sig.found],
    )


def analyze(
    text: str,
    *,
    subject: str = "",
    claim_kind: str = "",
    is_vip: bool = False,
    customer_value: float | None = None,
) -> TriageResult:
    msg = Message(text or "", subject or "", claim_kind or "", is_vip, customer_value)
    return analyze_many([msg])[0]


def warm_up() -> None:
    """Load (or build) the model and the encoder now, e.g. when a worker starts, not in its first task."""
    analyze("warm up: where is my order?")

"""analyze(): language, intent, sentiment, escalation cues, entities, tier and urgency of one message.

The model (model.get) is loaded once per process; a single message costs one
embedding (a few ms) plus keyword and pattern scans. analyze_many() embeds a
batch at once for imports, evaluation and benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from sellerdesk.triage import cues, features, model, priority
from sellerdesk.triage.language import detect_language
from sellerdesk.triage.taxonomy import TIER1_INTENTS, TIER_OF_INTENT

__all__ = ["TIER_OF_INTENT", "Message", "TriageResult", "analyze", "analyze_many", "reprioritise", "warm_up"]


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
    needs_human: bool = False  # the model could not tell the intent: "other", for a person to read
    # What priority.decide needs again when the customer is known (reprioritise).
    claim_kind: str = ""
    tier1_threshold: float = 0.5
    tier1_cause: str = ""  # the likeliest tier-1 intent, named in the tier-1 reason

    @property
    def low_confidence(self) -> bool:
        return self.needs_human or self.intent_confidence < 0.5


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
    intent_p, sentiment_p, tier1_p = m.probabilities(x, counts)
    results = []
    for row, (msg, (lang, lang_conf), sig) in enumerate(zip(messages, langs, sigs)):
        results.append(_result(m, msg, lang, lang_conf, sig, intent_p[row], sentiment_p[row], float(tier1_p[row])))
    return results


def _result(m, msg: Message, lang, lang_conf, sig, intent_p: np.ndarray, sentiment_p: np.ndarray, tier1_p: float) -> TriageResult:
    order = np.argsort(-intent_p)
    intent, intent_conf = m.intent_classes[order[0]], float(intent_p[order[0]])
    scores = {m.intent_classes[i]: round(float(intent_p[i]), 3) for i in order[:3]}
    # A guess is worse than no answer: below the confidence where the model is mostly wrong
    # (chosen at build time), the message is "other" and a person reads it.
    needs_human = intent_conf < m.low_confidence
    if needs_human:
        intent = "other"
    s_best = int(np.argmax(sentiment_p))
    sentiment, sentiment_conf = m.sentiment_classes[s_best], float(sentiment_p[s_best])
    if sig.hits.anger and sentiment != "negative":
        # An angry word outweighs a polite tone: "thanks for nothing, this is a scam".
        sentiment, sentiment_conf = "negative", max(0.8, float(sentiment_p[m.sentiment_classes.index("negative")]))
    claim = priority.CLAIMS.get(msg.claim_kind)
    if claim and (needs_human or TIER_OF_INTENT[claim[0]] <= TIER_OF_INTENT[intent]):
        intent, intent_conf, needs_human = claim[0], 1.0, False  # the platform says what this is
    result = TriageResult(
        language=lang,
        language_confidence=round(lang_conf, 3),
        intent=intent,
        intent_confidence=round(intent_conf, 3),
        sentiment=sentiment,
        tier=3,
        urgency=0,
        sentiment_confidence=round(sentiment_conf, 3),
        tier1_probability=round(tier1_p, 3),
        intent_scores=scores,
        cues=list(sig.hits.cues),
        entities=[e.as_dict() for e in sig.found],
        needs_human=needs_human,
        claim_kind=msg.claim_kind,
        tier1_threshold=m.threshold_for(lang, m.sure_everyday(intent, intent_conf)),
        tier1_cause=next((c for c in scores if c in TIER1_INTENTS), ""),
    )
    return _decided(result, is_vip=msg.is_vip, customer_value=msg.customer_value)


def _decided(result: TriageResult, *, is_vip: bool, customer_value: float | None) -> TriageResult:
    """The result with its tier, urgency and reasons decided from what the text said and who wrote it."""
    prio = priority.decide(
        intent=result.intent,
        intent_confidence=result.intent_confidence,
        tier1_probability=result.tier1_probability,
        tier1_threshold=result.tier1_threshold,
        sentiment=result.sentiment,
        sentiment_confidence=result.sentiment_confidence,
        hits=cues.CueHits(cues=list(result.cues)),
        claim_kind=result.claim_kind,
        is_vip=is_vip,
        customer_value=customer_value,
        needs_human=result.needs_human,
        tier1_cause=result.tier1_cause,
        runner_up=list(result.intent_scores)[:2] if result.needs_human else [],
    )
    return replace(result, tier=prio.tier, urgency=prio.urgency, reasons=prio.reasons)


def reprioritise(result: TriageResult, *, is_vip: bool, customer_value: float | None) -> TriageResult:
    """The same message's tier and urgency once its customer is known (VIP flag, lifetime value
    from their orders): the text is not read again, only the decision is retaken."""
    if not is_vip and not customer_value:
        return result
    return _decided(result, is_vip=is_vip, customer_value=customer_value)


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

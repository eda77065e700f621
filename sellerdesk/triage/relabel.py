"""An intent decided after triage: an agent's correction or a language model's second opinion.

Both replace the reason line triage wrote ("intent: refund (72%)" or "needs a human: …") with one
that says who decided, which the agent UI translates (web/reasons.py).
"""

from __future__ import annotations

BY_AGENT = "corrected by an agent"
BY_LANGUAGE_MODEL = "second opinion of the language model"
DECIDERS = (BY_AGENT, BY_LANGUAGE_MODEL)


def relabelled_reasons(reasons: list[str] | None, intent: str, decided_by: str) -> list[str]:
    """The urgency reasons with the intent line first, naming who decided; triage's own line goes."""
    if decided_by not in DECIDERS:
        raise ValueError(f"unknown decider: {decided_by!r}")
    kept = [r for r in reasons or [] if not r.startswith(("intent: ", "needs a human"))]
    return [f"intent: {intent.replace('_', ' ')} ({decided_by})", *kept]

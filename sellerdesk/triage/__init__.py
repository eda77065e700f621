"""Message triage: language, intent, sentiment, escalation cues, entities, tier and urgency.

`analyze()` is the one entry point the pipeline calls; see triage/service.py.
"""

from sellerdesk.triage.service import Message, TriageResult, analyze, analyze_many, reprioritise, warm_up


def analyze_bulk(messages, *, processes=None):
    """analyze_many() spread over every core (see triage/bulk.py)."""
    from sellerdesk.triage.bulk import analyze_bulk as bulk

    return bulk(messages, processes=processes)


__all__ = ["Message", "TriageResult", "analyze", "analyze_bulk", "analyze_many", "reprioritise", "warm_up"]

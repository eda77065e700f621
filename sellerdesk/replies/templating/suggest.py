"""Which templates fit the open conversation: by triage intent, the buyer's language and the channel's tone."""

from __future__ import annotations

from dataclasses import dataclass

from sellerdesk.replies import scope
from sellerdesk.replies.models import ReplyTemplate

FALLBACK_LANGUAGE = "en"


def buyer_language(conversation) -> str:
    """The template language for this buyer: the conversation's, else the customer's, else English."""
    for code in (conversation.language, conversation.customer.language):
        code = (code or "").lower().replace("_", "-")
        if code:
            return code.split("-")[0]
    return FALLBACK_LANGUAGE


@dataclass(frozen=True)
class Suggestion:
    template: ReplyTemplate
    score: int
    reasons: tuple[str, ...]  # "intent", "language", "channel", "store": shown to the agent as why it was picked


def _score(t: ReplyTemplate, intent: str, language: str, channel: str, own_store: bool = False) -> Suggestion:
    score, reasons = 0, []
    intents = t.intents or []
    if intent and intent in intents:
        # The first intent listed is the one the template is written for; later ones fit less well.
        score += 100 if intents[0] == intent else 80
        reasons.append("intent")
    if t.language == language:
        score += 20
        reasons.append("language")
    if t.channel and t.channel == channel:
        score += 10
        reasons.append("channel")
    if own_store:
        # Written for this store or brand: above the general wording of the same fit.
        score += 30
        reasons.append("store")
    return Suggestion(t, score, tuple(reasons))


def matches(t: ReplyTemplate, query: str) -> bool:
    # casefold in Python: SQLite's LIKE folds ASCII only, so "ÜBER" would not find "über".
    needle = query.casefold().strip()
    if not needle:
        return True
    hay = " ".join([t.key, t.title, t.body, " ".join(t.tags or []), t.category]).casefold()
    return all(word in hay for word in needle.split())


def suggest(conversation, *, query: str = "", limit: int = 5) -> list[Suggestion]:
    """The best variant of each reply key, best first: the buyer's language (English as fallback),
    this channel's tone or the general one, the conversation's intent first; only templates for
    every store or for this conversation's store (its own first)."""
    language = buyer_language(conversation)
    languages = {language, FALLBACK_LANGUAGE}
    rows = ReplyTemplate.objects.filter(scope.for_store(conversation.account_id), is_active=True, language__in=languages,
                                        channel__in=["", conversation.channel])
    own = scope.limited_to(conversation.account_id)
    if not query:
        rows = rows.only("id", "key", "language", "channel", "title", "intents", "usage_count")  # bodies are not needed to rank
    best: dict[str, Suggestion] = {}
    for t in rows:
        if not matches(t, query):
            continue
        s = _score(t, conversation.intent, language, conversation.channel, own_store=t.pk in own)
        kept = best.get(t.key)
        if kept is None or s.score > kept.score:
            best[t.key] = s
    ranked = sorted(best.values(), key=lambda s: (-s.score, -s.template.usage_count, s.template.key))
    # Without a query, only what fits the intent (or, lacking an intent, the most used) is suggested.
    if not query and conversation.intent:
        fitting = [s for s in ranked if "intent" in s.reasons]
        ranked = fitting or ranked
    return ranked[:limit]

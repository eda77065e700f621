"""Compliance checks run before every send: platform rules as data (rule_tables/*.json), one verdict.

    verdict = check(text, channel="amazon", context=SendContext(marketplace="DE"))
    verdict.status  # "blocked" | "warned" | "clean"

`assert_sendable` is the entry point for the send action. `ComplianceBlocked`
is an ActionError (sellerdesk.lib.errors, below every domain package): nothing
here imports the conversations actions, which call into this package.
"""

from __future__ import annotations

import threading

from sellerdesk.replies.compliance.blocked import ComplianceBlocked, UnfilledTemplate
from sellerdesk.replies.compliance.engine import check
from sellerdesk.replies.compliance.loader import RuleError, default_rules
from sellerdesk.replies.compliance.model import Finding, Rule, SendContext, Verdict

__all__ = [
    "ComplianceBlocked", "UnfilledTemplate", "Finding", "Rule", "RuleError", "SendContext", "Verdict",
    "assert_sendable", "check", "context_for", "rules", "warm_up", "warm_up_in_background",
]


def rules(channel: str | None = None) -> list[Rule]:
    """The rule table (for the UI and docs), optionally only a channel's rules."""
    return [r for r in default_rules() if channel is None or "*" in r.channels or channel in r.channels]


def warm_up() -> None:
    """Load the encoder, embed the exemplars and train the semantic classifiers now (a few seconds),
    so the first reply checked by this process does not wait for them."""
    from sellerdesk.replies.compliance.semantic import warm

    warm([s for r in default_rules() for s in r.phrase_sets])


def warm_up_in_background() -> threading.Thread:
    """warm_up() beside the web server, so that the first reply a process checks does not wait.

    Not a daemon thread: a process told to stop while the thread is still loading (a few seconds
    after start) waits for it. Python ends daemon threads at exit wherever they are, and one ended
    inside the tokenizer's C++ code aborted the process ("terminate called without an active
    exception", SIGABRT) instead of exiting cleanly."""
    thread = threading.Thread(target=warm_up, name="compliance-warm-up")
    thread.start()
    return thread


def context_for(conversation, *, automated: bool = False, attachments=()) -> SendContext:
    from sellerdesk.replies.compliance.history import asks_for_feedback_once, feedback_already_requested

    order = conversation.order
    return SendContext(
        marketplace=conversation.marketplace or "",
        buyer_country=conversation.customer.country or "",
        last_inbound_at=conversation.last_inbound_at,
        automated=automated,
        attachments=tuple(tuple(a) for a in attachments),
        # The order's history is read only where a rule would look at the answer (two queries).
        feedback_already_requested=asks_for_feedback_once(conversation.channel, automated) and feedback_already_requested(conversation),
        order_number=order.number if order else "",
    )


def assert_sendable(conversation, text: str, *, automated: bool = False, attachments=()) -> Verdict:
    """The verdict for sending `text` on this conversation.

    Raises UnfilledTemplate when template markers ([[name]]) are left, ComplianceBlocked when a rule blocks.
    """
    from sellerdesk.replies.templating.render import markers

    # A template value nobody filled ([[tracking_number]]) would reach the buyer as is.
    unfilled = markers(text)
    if unfilled:
        raise UnfilledTemplate(unfilled)
    verdict = check(text, channel=conversation.channel, context=context_for(conversation, automated=automated, attachments=attachments))
    if verdict.status == "blocked":
        raise ComplianceBlocked(verdict)
    return verdict

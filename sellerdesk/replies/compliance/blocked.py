"""The exception a blocked send raises: an ActionError, so the UI and the API show it like any refused action."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from sellerdesk.lib.errors import ActionError, localise
from sellerdesk.replies.compliance.model import BLOCK, Verdict


class ComplianceBlocked(ActionError):
    """A send stopped by a blocking rule; str() gives every blocking reason."""

    def __init__(self, verdict: Verdict):
        self.verdict = verdict
        super().__init__(gettext_noop("Not sent: %(reasons)s."), reasons="; ".join(f.reason for f in verdict.findings if f.severity == BLOCK))

    def localised(self, language: str) -> str:
        # The reasons come translated from the rule tables, not from the catalogue.
        reasons = "; ".join(f.localised(language)[1] for f in self.verdict.findings if f.severity == BLOCK)
        return localise(self.msgid, {"reasons": reasons}, language)


class UnfilledTemplate(ActionError):
    """A reply that still holds [[name]] markers of template values nobody filled in."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(
            gettext_noop("Not sent: fill in the template values still marked in the text: %(names)s."),
            names=", ".join(f"[[{n}]]" for n in names),
        )

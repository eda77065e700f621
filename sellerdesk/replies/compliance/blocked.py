"""The exception a blocked send raises: an ActionError, so the UI and the API show it like any refused action."""

from __future__ import annotations

from sellerdesk.conversations.actions import ActionError
from sellerdesk.replies.compliance.model import BLOCK, Verdict


class ComplianceBlocked(ActionError):
    """A send stopped by a blocking rule; str() gives every blocking reason."""

    def __init__(self, verdict: Verdict):
        self.verdict = verdict
        reasons = "; ".join(f.reason for f in verdict.findings if f.severity == BLOCK)
        super().__init__(f"Not sent: {reasons}.")

    def localised(self, language: str) -> str:
        from django.utils import translation

        reasons = "; ".join(f.localised(language)[1] for f in self.verdict.findings if f.severity == BLOCK)
        with translation.override(language):
            return translation.gettext("Not sent: %(reasons)s.") % {"reasons": reasons}


class UnfilledTemplate(ActionError):
    """A reply that still holds [[name]] markers of template values nobody filled in."""

    def __init__(self, names: list[str]):
        self.names = names
        shown = ", ".join(f"[[{n}]]" for n in names)
        super().__init__(f"Not sent: fill in the template values still marked in the text: {shown}.")

    def localised(self, language: str) -> str:
        from django.utils import translation

        shown = ", ".join(f"[[{n}]]" for n in self.names)
        with translation.override(language):
            return translation.gettext("Not sent: fill in the template values still marked in the text: %(names)s.") % {"names": shown}

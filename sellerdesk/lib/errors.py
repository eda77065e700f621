"""ActionError: a request that cannot be carried out, with its text in the agent's language.

Below every domain package: conversations, replies, routing, customers and the API all raise or
show it, so it imports nothing of theirs.
"""

from __future__ import annotations


class ActionError(Exception):
    """A request that cannot be carried out (shown to the agent / returned as 4xx).

    ActionError("Text with %(name)s.", name=value): str() is the English text; localised() looks the
    message id up in the catalogue first, then fills in the same values.
    """

    def __init__(self, message: str = "", /, **params):
        self.msgid, self.params = message, params
        super().__init__(message % params if params else message)

    def localised(self, language: str) -> str:
        """The text for an agent whose UI speaks `language`."""
        return localise(self.msgid, self.params, language)


def localise(msgid: str, params: dict, language: str) -> str:
    """`msgid` from the catalogue in `language`, with `params` filled in."""
    from django.utils import translation

    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text

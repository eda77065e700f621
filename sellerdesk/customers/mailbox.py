"""The mailbox an e-mail address delivers to, kept beside each e-mail identity for an index.

"Jane.Doe+shop@googlemail.com" and "janedoe@gmail.com" reach the same inbox: merge suggestions and
the chat join look identities up by that mailbox. Matching it with LIKE 'j%' ... LIKE '%@gmail.com'
read every e-mail identity (300,000 on a big desk); the identity's `mailbox` column holds it
computed once, when the row is written, and an index answers the lookup.
"""

from __future__ import annotations

from django.db import models

GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def canonical_email(address: str) -> str:
    """The mailbox an address delivers to: no +tag; for Gmail, no dots either."""
    local, _, domain = address.strip().lower().partition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


class MailboxField(models.CharField):
    """Filled from the row's `kind` and `value` whenever the row is saved or bulk-created (Django
    calls `pre_save` for both): the mailbox of an e-mail identity, NULL for other kinds. A
    `QuerySet.update(value=...)` bypasses it: nothing in the desk rewrites an identity's value."""

    def pre_save(self, model_instance, add):
        value = canonical_email(model_instance.value) if model_instance.kind == "email" and model_instance.value else None
        setattr(model_instance, self.attname, value)
        return value

"""Writes to rules: create, edit (a new version each time), switch on/off, the global switch.

Each write appends one event (kind automation_rule_*), mirrored to the audit log.
"""

from __future__ import annotations

from django.db import transaction

from sellerdesk.automation.models import Rule, RuleVersion, Switch
from sellerdesk.automation.registry import RuleError, validate_definition
from sellerdesk.conversations.events import record
from sellerdesk.lib import clock


def create_rule(*, name: str, event: str, definition: dict, user=None, key: str | None = None, enabled: bool = False,
                description: str = "", position: int = 0) -> Rule:
    name = (name or "").strip()
    if not name:
        raise RuleError("name", "is required")
    definition = validate_definition(event, definition)
    with transaction.atomic():
        now = clock.now()
        rule = Rule.objects.create(key=key or None, name=name[:200], description=description, event=event, definition=definition,
                                   version=1, is_enabled=enabled, position=position, created_at=now, updated_at=now)
        RuleVersion.objects.create(rule=rule, version=1, name=rule.name, event=event, definition=definition, author=user, created_at=now)
        record("automation_rule_created", actor=user, rule_id=rule.pk, name=rule.name, version=1, enabled=enabled)
        return rule


def update_rule(rule: Rule, *, user=None, name: str | None = None, event: str | None = None, definition: dict | None = None,
                description: str | None = None) -> Rule:
    """A new version; the fires keep the version they ran."""
    event = event or rule.event
    definition = validate_definition(event, rule.definition if definition is None else definition)
    name = rule.name if name is None else name.strip()
    if not name:
        raise RuleError("name", "is required")
    with transaction.atomic():
        rule = Rule.objects.select_for_update().get(pk=rule.pk)
        if (name, event, definition) == (rule.name, rule.event, rule.definition) and description in (None, rule.description):
            return rule
        now = clock.now()
        rule.version += 1
        rule.name, rule.event, rule.definition, rule.updated_at = name[:200], event, definition, now
        if description is not None:
            rule.description = description
        rule.save()
        RuleVersion.objects.create(rule=rule, version=rule.version, name=rule.name, event=event, definition=definition, author=user, created_at=now)
        record("automation_rule_changed", actor=user, rule_id=rule.pk, name=rule.name, version=rule.version)
        return rule


def set_enabled(rule: Rule, enabled: bool, *, user=None) -> Rule:
    with transaction.atomic():
        rule = Rule.objects.select_for_update().get(pk=rule.pk)
        if rule.is_enabled != enabled:
            rule.is_enabled = enabled
            rule.updated_at = clock.now()
            rule.save(update_fields=["is_enabled", "updated_at"])
            record("automation_rule_switched", actor=user, rule_id=rule.pk, name=rule.name, version=rule.version, enabled=enabled)
        return rule


def switch_is_on() -> bool:
    return Switch.objects.filter(pk=1).values_list("is_on", flat=True).first() is not False


def set_switch(on: bool, *, user=None) -> None:
    """The global kill switch: off stops every rule at once (nothing runs, nothing is sent)."""
    with transaction.atomic():
        Switch.objects.update_or_create(pk=1, defaults={"is_on": on, "changed_at": clock.now(), "changed_by": user})
        record("automation_switched", actor=user, on=on)

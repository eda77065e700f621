"""The Automations page: rules with their counts, the global switch, the rule editor with its
versions, and the dry run on past buyer messages."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellerdesk.automation import engine, history, recipes, registry
from sellerdesk.automation import rules as rule_actions
from sellerdesk.automation.models import Rule
from sellerdesk.automation.triggers import EVENTS
from sellerdesk.web.access import agent_view

EMPTY = {"conditions": [], "send_when": [], "actions": [{"type": "note", "params": {"text": ""}}], "fallback": []}


def _editor(request) -> bool:
    from sellerdesk.routing.views import is_supervisor

    return is_supervisor(request.user)


def _must_edit(request) -> None:
    if not _editor(request):
        raise PermissionDenied(_("Only supervisors and admins can change automation rules."))


@agent_view
def rule_list(request):
    recipes.install()
    rules = list(Rule.objects.order_by("position", "id"))
    counts = history.counts([r.pk for r in rules], days=30)
    rows = [(r, counts[r.pk]) for r in rules]
    return render(request, "automation/list.html", {
        "rows": rows, "switch_on": rule_actions.switch_is_on(), "can_edit": _editor(request), "events": EVENTS,
    })


@agent_view
@require_POST
def toggle(request, pk: int):
    _must_edit(request)
    rule = _rule(pk)
    rule_actions.set_enabled(rule, request.POST.get("enabled") == "1", user=request.user)
    return redirect("automation:list")


@agent_view
@require_POST
def switch(request):
    _must_edit(request)
    rule_actions.set_switch(request.POST.get("on") == "1", user=request.user)
    return redirect("automation:list")


def _rule(pk: int) -> Rule:
    rule = Rule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule


@agent_view
def rule_edit(request, pk: int | None = None):
    rule = _rule(pk) if pk else None
    error = ""
    form = {
        "name": rule.name if rule else "", "event": rule.event if rule else "message.received",
        "description": rule.description if rule else "",
        "definition": json.dumps(rule.definition if rule else EMPTY, ensure_ascii=False, indent=2),
    }
    if request.method == "POST":
        _must_edit(request)
        form = {k: request.POST.get(k, "") for k in ("name", "event", "description", "definition")}
        try:
            definition = json.loads(form["definition"] or "{}")
        except ValueError as exc:
            error = _("The definition is not valid JSON: %(error)s") % {"error": exc}
        else:
            try:
                if rule is None:
                    rule = rule_actions.create_rule(name=form["name"], event=form["event"], definition=definition, user=request.user,
                                                    description=form["description"])
                else:
                    rule_actions.update_rule(rule, user=request.user, name=form["name"], event=form["event"], definition=definition,
                                             description=form["description"])
                return redirect("automation:edit", pk=rule.pk)
            except registry.RuleError as exc:
                error = _("Not saved: %(field)s — %(reason)s") % {"field": exc.field, "reason": str(exc).split(": ", 1)[-1]}
    dry = None
    if rule is not None and request.GET.get("dry") == "1":
        compiled = engine.compile_rule(rule.pk, rule.key or "", rule.name, rule.version, rule.event, rule.definition)
        dry = history.would_have_fired(compiled, days=30)
    return render(request, "automation/edit.html", {
        "rule": rule, "form": form, "error": error, "events": EVENTS, "schema": registry.schema(), "dry": dry,
        "versions": rule.versions.order_by("-version")[:20] if rule else [], "can_edit": _editor(request),
        "counts": history.counts([rule.pk], days=30)[rule.pk] if rule else None,
    })

"""SLA settings for supervisors: calendars and holidays, policies (the presets editable), a
preview of the deadlines a sample message gets, and the breach log with its reasons."""

from __future__ import annotations

import csv
import datetime as dt
import zoneinfo

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.routing.views import is_supervisor
from sellerdesk.sla import actions, breachlog, forms
from sellerdesk.sla.calendars import WEEKDAYS, CalendarError
from sellerdesk.sla.models import Breach, Calendar, Policy
from sellerdesk.sla.policies import ESCALATION_ACTIONS, ESCALATION_STAGES, PolicyError
from sellerdesk.sla.preview import closed_days, preview
from sellerdesk.web.access import agent_view
from sellerdesk.web.labels import CHANNELS, INTENTS


def _supervisor(request) -> None:
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only supervisors and admins manage SLA settings."))


def _local_datetime(value: str) -> dt.datetime | None:
    try:
        naive = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return naive.replace(tzinfo=timezone.get_current_timezone()) if naive.tzinfo is None else naive


@agent_view
def settings_page(request):
    _supervisor(request)
    g = request.GET
    received = _local_datetime(g.get("received_at", "")) or timezone.localtime().replace(second=0, microsecond=0)
    sample = {"channel": g.get("channel", "amazon"), "marketplace": g.get("marketplace", "US"), "country": g.get("country", "US"),
              "tier": int(g["tier"]) if g.get("tier") in ("1", "2", "3") else 3, "intent": g.get("intent", ""),
              "claim_kind": g.get("claim_kind", ""), "store": g.get("store", "") if g.get("store", "").isdigit() else "",
              "received_at": received}
    context = {
        "calendars": Calendar.objects.order_by("name"),
        "policies": Policy.objects.select_related("calendar").order_by("group", "-priority", "name"),
        "sample": sample, "received_local": received.strftime("%Y-%m-%dT%H:%M"),
        "preview": preview(**sample), "channels": CHANNELS, "intents": INTENTS,
        "claim_kinds": ["atoz", "chargeback", "dispute", "ebay_case", "return_request", "negative_feedback"],
        "stores": ChannelAccount.objects.order_by("kind", "name"),
    }
    return render(request, "sla/settings.html", context)


@agent_view
def calendar_edit(request, pk: int | None = None):
    _supervisor(request)
    calendar = get_object_or_404(Calendar, pk=pk) if pk else None
    p = request.POST
    error = ""
    if request.method == "POST":
        try:
            values = {
                "name": p.get("name", "").strip(), "kind": p.get("kind", "business"), "timezone": p.get("timezone", "UTC").strip(),
                "weekly_hours": forms.parse_weekly({d: p.get(f"hours_{d}", "") for d in WEEKDAYS}),
                "holiday_country": p.get("holiday_country", "").strip().upper()[:2],
                "holiday_subdivision": p.get("holiday_subdivision", "").strip().upper()[:10],
                "custom_days": forms.parse_custom_days(p.get("custom_days", "")),
            }
            if not values["name"]:
                raise CalendarError(_("Give the calendar a name."))
            if values["timezone"] not in zoneinfo.available_timezones():
                raise CalendarError(_("Unknown time zone: use a name like Asia/Shanghai."))
            calendar = actions.save_calendar(request.user, values, calendar)
        except CalendarError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Calendar saved."))
            return redirect("sla:calendar", pk=calendar.pk)
    source = calendar or Calendar(kind="business", timezone="Asia/Shanghai")
    hours = {d: p.get(f"hours_{d}") if request.method == "POST" else forms.hours_text((source.weekly_hours or {}).get(d)) for d in WEEKDAYS}
    context = {
        "calendar": calendar, "source": source, "error": error, "hours": [(d, hours[d]) for d in WEEKDAYS],
        "custom_days": p.get("custom_days") if request.method == "POST" else forms.custom_days_text(source.custom_days),
        "closed": closed_days(calendar, timezone.localdate()) if calendar and calendar.pk else [],
    }
    return render(request, "sla/calendar_form.html", context, status=400 if error else 200)


def _policy_values(p) -> dict:
    try:
        target = float(p.get("target_hours", "") or 0)
        warn = float(p.get("warn_percent", "") or 75) / 100
        priority = int(p.get("priority", "") or 0)
    except ValueError:
        raise PolicyError(_("Target, warning share and priority are numbers.")) from None
    calendar = Calendar.objects.filter(pk=p.get("calendar") if str(p.get("calendar", "")).isdigit() else None).first()
    if calendar is None:
        raise PolicyError(_("Choose a calendar."))
    name, label = p.get("name", "").strip(), p.get("label", "").strip()
    if not name or not label:
        raise PolicyError(_("Give the policy a name and a short label for the inbox."))
    return {
        "name": name[:100], "label": label[:40], "group": p.get("group", "internal"), "metric": p.get("metric", ""),
        **{f: p.get(f, "").strip() for f in ("channel", "marketplace", "region", "tier", "intent", "claim_kind")},
        "store": ",".join(sorted({v for v in p.getlist("store") if v.isdigit()}, key=int)),
        "target_minutes": round(target * 60) or None, "due_from_claim": p.get("due_from_claim") == "on", "calendar": calendar,
        "warn_at": warn, "escalation": [{"at": s, "action": a} for s in ESCALATION_STAGES for a in ESCALATION_ACTIONS
                                        if p.get(f"esc_{s}_{a}") == "on"],
        "pause_when_pending": p.get("pause_when_pending") == "on", "auto_reply_counts": p.get("auto_reply_counts") == "on",
        "priority": priority, "is_active": p.get("is_active") == "on",
    }


@agent_view
def policy_edit(request, pk: int | None = None):
    _supervisor(request)
    policy = get_object_or_404(Policy, pk=pk) if pk else None
    error = ""
    if request.method == "POST":
        try:
            policy = actions.save_policy(request.user, _policy_values(request.POST), policy)
        except (PolicyError, CalendarError) as exc:
            error = str(exc)
        else:
            messages.success(request, _("Policy saved. New clocks follow it; running ones keep their due times."))
            return redirect("sla:policy", pk=policy.pk)
    source = policy or Policy(group="internal", metric="first_response", warn_at=0.75, is_active=True, target_minutes=240)
    steps = {(s["at"], s["action"]) for s in source.escalation or []}
    context = {
        "policy": policy, "source": source, "error": error, "calendars": Calendar.objects.order_by("name"),
        "target_hours": f"{(source.target_minutes or 0) / 60:g}", "warn_percent": f"{source.warn_at * 100:g}",
        "metrics": Policy.Metric.choices, "groups": ["platform", "claim", "review", "internal", "window"],
        "escalations": [(s, a, (s, a) in steps) for s in ESCALATION_STAGES for a in ESCALATION_ACTIONS],
        "stores": ChannelAccount.objects.order_by("kind", "name"),
        "chosen_stores": set(request.POST.getlist("store")) if request.method == "POST" else set(source.store.split(",")),
    }
    return render(request, "sla/policy_form.html", context, status=400 if error else 200)


@require_POST
@agent_view
def restore_presets(request):
    _supervisor(request)
    counts = actions.restore_presets(request.user)
    messages.success(request, _("Shipped presets restored: %(n)s rows.") % {"n": counts["created"] + counts["updated"]})
    return redirect("sla:settings")


def _filters(g) -> breachlog.Filters:
    def day(value):
        try:
            d = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
        return dt.datetime.combine(d, dt.time(), tzinfo=timezone.get_current_timezone())

    until = day(g.get("until", ""))
    return breachlog.Filters(
        since=day(g.get("since", "")), until=until + dt.timedelta(days=1) if until else None,
        policy_id=int(g["policy"]) if g.get("policy", "").isdigit() else None,
        agent_id=int(g["agent"]) if g.get("agent", "").isdigit() else None,
    )


@agent_view
def breaches(request):
    _supervisor(request)
    filters = _filters(request.GET)
    if request.GET.get("format") == "csv":
        return _breaches_csv(filters)
    after = None
    if request.GET.get("after_id", "").isdigit():
        b = Breach.objects.filter(pk=int(request.GET["after_id"])).first()
        after = (b.breached_at, b.pk) if b else None
    rows, more = breachlog.page(filters, after)
    query = request.GET.copy()
    query.pop("after_id", None)
    context = {
        "rows": rows, "more": rows[-1].breach.pk if more else None, "query": query.urlencode(), "g": request.GET,
        "policies": Policy.objects.order_by("name"),
        "agents": get_user_model().objects.filter(agent__isnull=False).select_related("agent").order_by("username"),
    }
    return render(request, "sla/breaches.html", context)


def _breaches_csv(filters) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="breaches.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Chinese names) only with the BOM
    out = csv.writer(response)
    out.writerow(["breached_at", "conversation", "deadline", "policy", "due_at", "agent", "answered_at", "reasons"])
    for b in breachlog.query(filters)[:100_000].iterator(chunk_size=2000):
        agent = (getattr(getattr(b.agent, "agent", None), "name", "") or b.agent.get_username()) if b.agent_id else ""
        out.writerow([b.breached_at.isoformat(), b.conversation_id, b.kind, b.policy.name, b.due_at.isoformat(), agent,
                      b.deadline.met_at.isoformat() if b.deadline.met_at else "", " ".join(breachlog.reasons(b))])
    return response

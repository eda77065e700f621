"""The analytics page: a date range and filters, charts drawn from the tables, CSV of each table."""

from __future__ import annotations

import csv
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sellerdesk.accounts.models import Team
from sellerdesk.analytics import charts
from sellerdesk.analytics.tables import Range, build
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.routing.views import is_supervisor
from sellerdesk.web.access import agent_view
from sellerdesk.web.labels import CHANNELS

PRESETS = (7, 30, 90)


def range_of(request) -> Range:
    g, zone = request.GET, timezone.get_current_timezone()
    today = timezone.localdate()

    def day(name):
        try:
            return dt.date.fromisoformat(g.get(name, ""))
        except ValueError:
            return None

    days = int(g["days"]) if g.get("days", "").isdigit() and int(g["days"]) in PRESETS else 30
    until_day = day("until") or today
    since_day = day("since") or until_day - dt.timedelta(days=days - 1)
    if since_day > until_day:
        since_day, until_day = until_day, since_day
    since_day = max(since_day, until_day - dt.timedelta(days=366))  # a year at most per page
    start = dt.datetime.combine(since_day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(until_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    team = int(g["team"]) if g.get("team", "").isdigit() else None
    channel = g.get("channel", "") if g.get("channel", "") in CHANNELS else ""
    store = int(g["store"]) if g.get("store", "").isdigit() else None
    return Range(start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc), str(zone), channel, team, store)


def _series(table, label_col: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for row in table.rows:
        out.setdefault(str(row[label_col]), {})[row[0]] = row[2]
    return dict(sorted(out.items(), key=lambda kv: -sum(kv[1].values())))


@agent_view
def dashboard(request):
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only supervisors and admins see analytics."))
    r = range_of(request)
    export = request.GET.get("export", "")
    tables = build(r, only=export)
    if export:
        if export not in tables:
            return HttpResponse(status=404)
        return _csv(tables[export], r)
    days = r.days()
    intents = _series(tables["volume_intent"], 1)
    if len(intents) > 8:  # the smaller ones together
        names = list(intents)
        other = {}
        for n in names[7:]:
            for d, v in intents.pop(n).items():
                other[d] = other.get(d, 0) + v
        intents[_("Others")] = other
    context = {
        "r": r, "t": tables, "g": request.GET, "query": request.GET.urlencode(), "channels": CHANNELS, "teams": Team.objects.order_by("name"),
        "stores": ChannelAccount.objects.filter(is_active=True).order_by("name"),
        "since": timezone.localtime(r.since).date(), "until": (timezone.localtime(r.until) - dt.timedelta(seconds=1)).date(),
        "presets": PRESETS,
        "total": sum(row[2] for row in tables["volume_channel"].rows),
        "chart_channel": charts.stacked_bars(days, _series(tables["volume_channel"], 1), _("New conversations by day and channel")),
        "chart_intent": charts.stacked_bars(days, intents, _("New conversations by day and intent")),
        "chart_complaints": charts.hbars([(row[0], row[1]) for row in tables["complaints"].rows], _("Complaint types")),
        "chart_first": charts.hbars([(row[0], row[1]) for row in tables["first_response"].rows], _("First response time")),
        "chart_resolution": charts.hbars([(row[0], row[1]) for row in tables["resolution"].rows], _("Resolution time")),
        "chart_sla": charts.stacked_bars(days, {_("Met"): {row[0]: row[1] for row in tables["sla_day"].rows},
                                                _("Missed"): {row[0]: row[2] for row in tables["sla_day"].rows}}, _("SLA met by day"),
                                         colors=[charts.GREEN, charts.RED]),
        "chart_csat": charts.hbars([(f"{row[0]} ★", row[1]) for row in tables["csat"].rows], _("Customer satisfaction")),
    }
    return render(request, "analytics/dashboard.html", context)


def _csv(table, r: Range) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.key}-{r.since:%Y%m%d}-{r.until:%Y%m%d}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Chinese names) only with the BOM
    out = csv.writer(response)
    out.writerow(table.columns)
    out.writerows(["" if v is None else v for v in row] for row in table.rows)
    return response

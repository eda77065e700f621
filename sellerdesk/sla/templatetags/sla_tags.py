"""Small readings of SLA rows for the settings pages."""

from django import template
from django.utils.translation import gettext as _

from sellerdesk.sla.calendars import WEEKDAYS
from sellerdesk.sla.policies import MATCH_FIELDS
from sellerdesk.web import labels

register = template.Library()


@register.filter
def claim_label(code):
    return labels.label(labels.CLAIMS, code)


@register.filter
def policy_match(policy):
    """(field, value) pairs of what a policy matches on; stores by their names, not their ids."""
    pairs = [(f, getattr(policy, f)) for f in MATCH_FIELDS if getattr(policy, f)]
    if not policy.store:
        return pairs
    from sellerdesk.channels.models import ChannelAccount

    ids = [int(v) for v in policy.store.split(",") if v.strip().isdigit()]
    names = dict(ChannelAccount.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [(f, ",".join(names.get(i, str(i)) for i in ids) if f == "store" else v) for f, v in pairs]


@register.filter
def minutes_text(minutes):
    from sellerdesk.sla.breachlog import duration_text

    return duration_text(minutes) if minutes else "–"


@register.filter
def weekly_text(calendar):
    """"mon-fri 09:00-18:00" style: days with the same hours grouped."""
    hours = calendar.weekly_hours or {}
    groups: list[tuple[list[str], str]] = []
    for d in WEEKDAYS:
        text = ", ".join(f"{a}-{b}" for a, b in hours.get(d, []))
        if not text:
            continue
        if groups and groups[-1][1] == text and WEEKDAYS.index(groups[-1][0][-1]) == WEEKDAYS.index(d) - 1:
            groups[-1][0].append(d)
        else:
            groups.append(([d], text))
    return "; ".join(f"{g[0]}–{g[-1]} {t}" if len(g) > 1 else f"{g[0]} {t}" for g, t in groups) or _("closed")

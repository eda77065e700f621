"""The weekly report: last week's figures as an HTML mail to supervisors and admins, each in
their UI language; sent once per week (a WeeklyReport row), by the scheduler or the command."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from sellerdesk.analytics.models import WeeklyReport
from sellerdesk.analytics.tables import Range, build
from sellerdesk.lib import clock


def last_week(now: dt.datetime, tz: str) -> dt.date:
    """The Monday of the week before the one `now` is in."""
    today = now.astimezone(zoneinfo.ZoneInfo(tz)).date()
    return today - dt.timedelta(days=today.weekday() + 7)


def recipients():
    User = get_user_model()
    return list(User.objects.filter(is_active=True, agent__role__in=("supervisor", "admin")).exclude(email="")
                .select_related("agent").order_by("pk"))


def render(week_start: dt.date, language: str, tz: str) -> tuple[str, str, str]:
    """(subject, html, text) of the report on the week starting `week_start`."""
    zone = zoneinfo.ZoneInfo(tz)
    since = dt.datetime.combine(week_start, dt.time(), tzinfo=zone).astimezone(dt.timezone.utc)
    r = Range(since, since + dt.timedelta(days=7), tz)
    with translation.override(language):
        t = build(r)
        before = build(Range(since - dt.timedelta(days=7), since, tz), only="volume_channel")["volume_channel"]
        total = sum(row[2] for row in t["volume_channel"].rows)
        previous = sum(row[2] for row in before.rows)
        by_channel: dict[str, int] = {}
        for _day, channel, n in t["volume_channel"].rows:
            by_channel[channel] = by_channel.get(channel, 0) + n
        context = {
            "week_start": week_start, "week_end": week_start + dt.timedelta(days=6), "t": t, "total": total, "previous": previous,
            "by_channel": sorted(by_channel.items(), key=lambda kv: -kv[1]), "link": f"{settings.BASE_URL.rstrip('/')}/analytics/",
            "language": language,
        }
        subject = _("SellerDesk weekly report: %(start)s to %(end)s") % {"start": week_start.isoformat(),
                                                                        "end": context["week_end"].isoformat()}
        html = render_to_string("analytics/weekly_email.html", context)
        text = render_to_string("analytics/weekly_email.txt", context)
    return subject, html, text


def send(week_start: dt.date, *, tz: str | None = None, force: bool = False) -> list[str]:
    """Send the report of `week_start` to every manager with an address; once, unless `force`."""
    tz = tz or settings.REPORT_TIMEZONE
    people = recipients()
    with transaction.atomic():
        if not force:
            try:
                with transaction.atomic():
                    row = WeeklyReport.objects.create(week_start=week_start, sent_at=clock.now(), recipients=[])
            except IntegrityError:
                return []  # sent already
        else:
            row, _created = WeeklyReport.objects.update_or_create(week_start=week_start, defaults={"sent_at": clock.now()})
        rendered = {}
        for user in people:
            language = user.agent.ui_language if hasattr(user, "agent") else "en"
            if language not in rendered:
                rendered[language] = render(week_start, language, tz)
            subject, html, text = rendered[language]
            mail = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])
            mail.attach_alternative(html, "text/html")
            mail.send()  # an SMTP error rolls the row back: the next run tries again
        row.recipients = [u.email for u in people]
        row.save(update_fields=["recipients"])
    return row.recipients


def send_if_due(now: dt.datetime | None = None) -> list[str]:
    """The scheduler's hourly call: on Monday from REPORT_HOUR (report zone), last week's report once."""
    now = now or clock.now()
    local = now.astimezone(zoneinfo.ZoneInfo(settings.REPORT_TIMEZONE))
    if local.weekday() != 0 or local.hour < settings.REPORT_HOUR:
        return []
    return send(last_week(now, settings.REPORT_TIMEZONE))

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sellerdesk.analytics import report
from sellerdesk.lib import clock


class Command(BaseCommand):
    help = "Send the weekly report (last week by default) to supervisors and admins by email, or print it."

    def add_arguments(self, parser):
        parser.add_argument("--week", help="the Monday of the week to report, YYYY-MM-DD (default: last week)")
        parser.add_argument("--print", action="store_true", dest="show", help="print the text version instead of sending")
        parser.add_argument("--language", default="en", choices=["en", "zh-hans"], help="with --print")
        parser.add_argument("--force", action="store_true", help="send again even if this week was sent")

    def handle(self, *args, week=None, show=False, language="en", force=False, **options):
        tz = settings.REPORT_TIMEZONE
        try:
            start = dt.date.fromisoformat(week) if week else report.last_week(clock.now(), tz)
        except ValueError:
            raise CommandError("--week: a date like 2026-11-23") from None
        if start.weekday() != 0:
            raise CommandError(f"--week: {start} is not a Monday")
        if show:
            subject, _html, text = report.render(start, language, tz)
            self.stdout.write(subject + "\n\n" + text)
            return
        sent = report.send(start, tz=tz, force=force)
        self.stdout.write(f"sent to {len(sent)}: {', '.join(sent)}" if sent else "nothing sent (already sent, or no manager has an email address)")

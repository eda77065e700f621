from django_tasks import task

from sellerdesk.analytics.report import send_if_due


@task()
def send_weekly_report() -> list[str]:
    """Run hourly by the scheduler; sends on Monday morning only, once per week."""
    return send_if_due()

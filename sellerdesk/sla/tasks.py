from django_tasks import task

from sellerdesk.sla.sweep import sweep_all


@task()
def sweep_deadlines() -> dict:
    """Run every 60 s by the scheduler."""
    result = sweep_all()
    return {"warned": result.warned, "breached": result.breached, "expired": result.expired}

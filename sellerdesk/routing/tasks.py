from django_tasks import task

from sellerdesk.routing.service import reassign_stale


@task()
def reassign_stale_conversations() -> dict:
    """Run every 60 s by the scheduler: vacation / off-shift coverage and the no-reply limit."""
    return reassign_stale()


@task()
def staffing_advice(weeks: int = 4, target_lrr: float = 1.0) -> dict:
    """Asked from the Agents page: forecast, replay, advise (routing/staffing.py)."""
    from sellerdesk.routing import staffing

    doc = staffing.run(weeks=weeks, target_lrr=target_lrr)
    return {"met": (doc["advice"] or {}).get("met"), "messages": doc["forecast"]["messages"]}

from django_tasks import task

from sellerdesk.routing.service import reassign_stale


@task()
def reassign_stale_conversations() -> dict:
    """Run every 60 s by the scheduler: vacation / off-shift coverage and the no-reply limit."""
    return reassign_stale()

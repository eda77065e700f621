from django_tasks import task

from sellerdesk.conversations.models import Conversation


@task()
def survey_after_resolution(conversation_id: int) -> str:
    """Queued when a conversation is resolved, run after SELLERDESK_CSAT_DELAY_MINUTES: still
    resolved (not reopened meanwhile)? Then ask."""
    from sellerdesk.csat.survey import send_survey

    conv = Conversation.objects.filter(pk=conversation_id).first()
    if conv is None or conv.status != Conversation.Status.RESOLVED:
        return "not resolved"
    result = send_survey(conv)
    return "sent" if result.sent else result.reason


def queue_after_resolution(conversation_id: int) -> None:
    """Called on commit of a resolution."""
    import datetime as dt

    from django.conf import settings

    from sellerdesk.lib import clock

    if not settings.CSAT_AFTER_RESOLUTION:
        return
    when = clock.now() + dt.timedelta(minutes=settings.CSAT_DELAY_MINUTES)
    survey_after_resolution.using(run_after=when).enqueue(conversation_id)

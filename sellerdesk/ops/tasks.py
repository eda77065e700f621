from django_tasks import task

from sellerdesk.conversations.actions import wake_snoozed


@task()
def wake_snoozed_conversations() -> int:
    return wake_snoozed()

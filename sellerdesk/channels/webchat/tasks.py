from __future__ import annotations

from django_tasks import task


@task()
def bot_turns(raw_ids: list[int]) -> int:
    """The bot's turns for the visitor messages one intake write committed (queued at that commit:
    WebchatChannel.after_write), one after another."""
    from sellerdesk.channels.webchat.channel import take_turn

    for raw_id in raw_ids:
        take_turn(raw_id)
    return len(raw_ids)

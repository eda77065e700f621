from __future__ import annotations

from django_tasks import task


@task()
def bot_turns(raw_ids: list[int]) -> int:
    """The bot's turns for the visitor messages one intake write committed (queued at that commit:
    WebchatChannel.after_write), one after another — yielding to the intake: when a run of it is
    queued (new chats wait to reach the inbox), the turns left are queued again behind it.
    Returns how many turns were taken."""
    from sellerdesk.channels import pipeline
    from sellerdesk.channels.webchat import presence
    from sellerdesk.channels.webchat.channel import take_turn

    with presence.one_reading():  # whether an agent is online: read once for these turns
        for done, raw_id in enumerate(raw_ids):
            if done and pipeline.run_queued():
                bot_turns.enqueue(raw_ids[done:])
                return done
            take_turn(raw_id)
    return len(raw_ids)

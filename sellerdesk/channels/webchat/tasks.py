"""The bot's turn runs as a task queued when the visitor's message is stored, behind the intake
run that writes it (one queue, in order); if it still finds the message waiting (another worker,
a run cut short), it asks again shortly."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from sellerdesk.lib import clock

RETRY_SECONDS = 0.3
MAX_TRIES = 100  # 30 s: past that the stale-delivery requeue owns the message, and a person answers


@task()
def bot_turn(raw_id: int, tries: int = 0) -> str:
    from sellerdesk.channels.webchat.bot import turn

    outcome = turn(raw_id)
    if outcome == "waiting" and tries + 1 < MAX_TRIES:
        bot_turn.using(run_after=clock.now() + dt.timedelta(seconds=RETRY_SECONDS)).enqueue(raw_id, tries + 1)
    return outcome

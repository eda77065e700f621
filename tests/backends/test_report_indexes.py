"""The report indexes survive SQLite's table rebuilds: declared on the models since sla.0007 and
conversations.0012, and put back where a rebuild had removed one (sla.0006 rebuilt the deadlines
and lost `analytics_deadline_met`: the SLA met % then read every met deadline)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from sellerdesk.sla.models import Deadline
from tests.backends import stack
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

REPORT_INDEXES = {"analytics_conv_created", "analytics_event_kind_time", "analytics_message_time", "analytics_deadline_met"}
T0 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        names = set()
        for table in ("conversations_conversation", "conversations_event", "conversations_message", "sla_deadline"):
            names |= set(connection.introspection.get_constraints(cursor, table))
    return names


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_the_report_indexes_are_there_after_the_deadlines_table_is_rebuilt(backend):
    assert REPORT_INDEXES <= index_names()
    # Back before the rebuild of sla.0006 and forward again: on SQLite the table is copied twice.
    stack.sellerdesk("migrate", "sla", "0005", "--noinput", "-v0", env=backend.env())
    stack.sellerdesk("migrate", "--noinput", "-v0", env=backend.env())
    assert REPORT_INDEXES <= index_names()

    met = Deadline.objects.exclude(policy__group="window").filter(state="met", met_at__gte=T0, met_at__lte=T0 + dt.timedelta(days=30))
    plan = met.values_list("conversation__channel").order_by().explain()
    if connection.vendor == "sqlite":  # PostgreSQL's planner may scan an empty table instead
        assert "analytics_deadline_met" in plan, plan

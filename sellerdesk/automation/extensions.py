"""Modules that add conditions and actions beyond the built-in ones.

A module listed in MODULES is imported before rules are checked or run; its @condition /
@action decorators register what it adds (docs/automation.md, "Adding a condition, action or recipe").
"""

from __future__ import annotations

import importlib

MODULES: list[str] = ["sellerdesk.automation.buyer_notices"]


def load() -> None:
    for name in MODULES:
        importlib.import_module(name)


# The CSAT feature's "send a survey on this conversation" function, as a dotted path; it returns
# SurveyResult(sent, reason, survey) (or anything true when a survey went out). Empty: the
# csat_survey action records "not available on this channel".
CSAT_SENDER = "sellerdesk.csat.send_survey"


def csat_sender():
    if not CSAT_SENDER:
        return None
    from django.utils.module_loading import import_string

    return import_string(CSAT_SENDER)

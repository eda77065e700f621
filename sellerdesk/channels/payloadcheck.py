"""A platform API's answer read through a pydantic model (a channel's payloads.py): one that does
not fit is a PermanentSendError naming the field, as base.validated does for inbound payloads."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from sellerdesk.channels.base import MalformedDelivery, PermanentSendError, validated

M = TypeVar("M", bound=BaseModel)


def read_answer(model: type[M], data, what: str) -> M:
    try:
        return validated(model, data if isinstance(data, dict) else {}, what)
    except MalformedDelivery as exc:
        raise PermanentSendError(f"{exc} (not understood)") from None

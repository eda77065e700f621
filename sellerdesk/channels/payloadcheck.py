"""Platform payloads read through pydantic models: a payload that does not fit is MalformedDelivery
naming the failing field ("events.0.source.userId: Field required"), as the Problems page shows it."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from sellerdesk.channels.base import MalformedDelivery

M = TypeVar("M", bound=BaseModel)
SHOWN_ERRORS = 3  # a payload wrong everywhere: the first few fields are enough to see why


def describe(exc: ValidationError, prefix: str = "") -> str:
    parts = []
    for error in exc.errors()[:SHOWN_ERRORS]:
        where = ".".join(str(p) for p in (prefix, *error["loc"]) if p != "")
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    more = len(exc.errors()) - SHOWN_ERRORS
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def validated(model: type[M], data, prefix: str = "") -> M:
    """`data` as `model`, or MalformedDelivery saying which field is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise MalformedDelivery(describe(exc, prefix)) from None


def read_answer(model: type[M], data, what: str) -> M:
    """A platform API's answer as `model`, or PermanentSendError naming the field it lacks."""
    from sellerdesk.channels.base import PermanentSendError

    try:
        return model.model_validate(data if isinstance(data, dict) else {})
    except ValidationError as exc:
        raise PermanentSendError(f"{what} not understood: {describe(exc)}") from None

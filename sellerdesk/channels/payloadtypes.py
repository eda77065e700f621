"""Field types the channels' payload models (<channel>/payloads.py) share: platform ids kept as
text, blank strings read as absent, amounts as Decimal, times that must carry their UTC offset.
Reading: base.validated (inbound payloads), payloadcheck.read_answer (API answers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field


def _blank_to_none(value):
    return None if value == "" else value


def _id(value):
    # Platforms send ids as JSON numbers in one place and strings in another; both are kept as text.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("an id must be a number or a string")
    return str(value).strip()


def _text(value):
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _unix(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ValueError("a time must be whole seconds since 1970 (Unix time)")
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)


Id = Annotated[str, BeforeValidator(_id), Field(min_length=1)]
OptionalId = Annotated[str | None, BeforeValidator(lambda v: None if v in (None, "") else _id(v))]
Money = Annotated[Decimal | None, BeforeValidator(_blank_to_none)]
Time = Annotated[AwareDatetime | None, BeforeValidator(_blank_to_none)]
UnixTime = Annotated[dt.datetime | None, BeforeValidator(_unix)]
Text = Annotated[str | None, BeforeValidator(_text)]


class Model(BaseModel):
    """Only the fields we read are declared; the platform's others are allowed and ignored."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


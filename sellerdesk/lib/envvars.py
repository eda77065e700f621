"""Reading settings from the environment: one rule for every variable.

A variable set but empty (an env file's or a compose file's `NAME=`) counts as unset, so the
default applies; a number that is not one stops the start with the variable's name, instead of a
traceback about `int()`. Used by settings.py and by commands' option defaults.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated items."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or default


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _number(name: str, default, kind, what: str):
    value = os.environ.get(name, "").strip()
    if not value:
        return default if default is None else kind(default)
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, not {value!r}") from None


def env_int(name: str, default) -> int | None:
    return _number(name, default, int, "a whole number")


def env_float(name: str, default) -> float | None:
    return _number(name, default, float, "a number")

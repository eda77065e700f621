"""Shared by the parts of pages written in Python instead of the template language (the inbox rows,
a thread's messages, the quick <select>): what `{{ value }}` writes, and a URL reversed once per page
and filled per row."""

from __future__ import annotations

import html

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape

_STAND_IN = 987654321  # an id no row has: the URL is reversed with it once, then split around it


def text(value) -> str:
    """What {{ value }} writes: localised, then escaped (safe strings, such as search marks, as they are)."""
    if type(value) is str:  # the common case, without localize's checks nor escape()'s lazy wrapper
        return html.escape(value)  # what django.utils.html.escape does inside it
    return conditional_escape(localize(value))


def url_parts(name: str) -> tuple[str, str]:
    """The escaped text before and after the id in the URL named `name` (one id argument)."""
    head, tail = reverse(name, args=[_STAND_IN]).split(str(_STAND_IN))
    return conditional_escape(head), conditional_escape(tail)

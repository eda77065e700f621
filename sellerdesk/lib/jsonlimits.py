"""JSON from outside, read with limits: nesting deeper than any platform sends is refused before parsing.

Python's parser recurses once per level, so a body of a few thousand "[" raises RecursionError
(a server error) instead of a clear refusal; the depth is measured first, without recursion.
"""

from __future__ import annotations

import json
import re

MAX_DEPTH = 64  # platform payloads nest under ten levels
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(rb"[\[\]{}]")


class TooDeep(ValueError):
    pass


def depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects (brackets inside strings do not count)."""
    deepest = level = 0
    for bracket in _BRACKETS.findall(_STRING.sub(b'""', body)):
        if bracket in b"[{":
            level += 1
            deepest = max(deepest, level)
        else:
            level -= 1
    return deepest


def loads(body: bytes | str, max_depth: int = MAX_DEPTH):
    """json.loads, refusing (TooDeep) nesting deeper than `max_depth`."""
    raw = body.encode() if isinstance(body, str) else body
    found = depth(raw)
    if found > max_depth:
        raise TooDeep(f"JSON nested {found} levels deep (at most {max_depth})")
    return json.loads(body)

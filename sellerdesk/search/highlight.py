"""Marking what matched: the words of the query in a text, as HTML with <mark>, and a snippet around them.

The text is folded character by character (as the index folds it), so "CAFÉ" is found by
"cafe" and the marks land on the original characters. A word of a spaced script is marked only
as a whole word, as the index matches it; a run of Chinese or Japanese anywhere.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sellerdesk.search.terms import _fold, _runs

SNIPPET_CHARS = 220


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    out, where = [], []
    for i, ch in enumerate(text):
        f = _fold(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def _needles(query: str) -> list[tuple[str, bool]]:
    """(folded piece, whole word?) longest first."""
    pieces = {(run, kind == "w") for chunk in _fold(query).split() for kind, run in _runs(chunk)}
    return sorted(pieces, key=lambda p: -len(p[0]))


def spans(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) character ranges of `text` that match a word of `query`."""
    if not text or not query:
        return []
    folded, where = _folded_with_map(text)
    taken = [False] * len(folded)
    found = []
    for needle, whole in _needles(query):
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            ok = not any(taken[start:end])
            if ok and whole:
                ok = (start == 0 or not folded[start - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum())
            if ok:
                for k in range(start, end):
                    taken[k] = True
                found.append((where[start], where[end - 1] + 1))
            start = folded.find(needle, start + 1)
    return sorted(found)


def marked(text: str, query: str) -> SafeString:
    """The whole text, escaped, its matches in <mark>."""
    return _render(text, spans(text, query), 0, len(text))


def snippet(text: str, query: str, size: int = SNIPPET_CHARS) -> SafeString:
    """About `size` characters of one line around the first match, escaped, matches in <mark>."""
    text = " ".join(text.split())
    found = spans(text, query)
    if not found:
        return mark_safe(escape(text[:size]) + ("…" if len(text) > size else ""))
    first = found[0][0]
    start = max(0, first - size // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space > start - 20 else start
    end = min(len(text), start + size)
    return _render(text, found, start, end)


def _render(text: str, found: list[tuple[int, int]], start: int, end: int) -> SafeString:
    parts = ["…" if start > 0 else ""]
    pos = start
    for a, b in found:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        parts += [escape(text[pos:a]), "<mark>", escape(text[a:b]), "</mark>"]
        pos = b
    parts.append(escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))

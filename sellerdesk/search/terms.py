"""Text to search terms, the same way for what is stored and what is asked.

Both databases are given terms we made ourselves, so SQLite and PostgreSQL match the same
documents: a word of a spaced script is one term (case folded, accents kept off); a run of a
script written without spaces (Chinese, Japanese, Thai...) becomes its overlapping pairs of
characters — "订单号" is "订单 单号" — so a two-character word ("退款") is one term and any
longer word a phrase of pairs. The last character of a run is also stored alone, so that a
one-character query can be answered as "a pair starting with it, or that character alone".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

MAX_TERMS = 4000  # per document: a very long mail is searchable by its first few pages
MAX_QUERY_WORDS = 8
MAX_TERM_CHARS = 40  # longer "words" (base64, hashes) are cut: nobody types them


# Scripts written without spaces between words (Chinese, Japanese kana and kanji, Thai, Lao,
# Khmer, Myanmar), as a regex character-class body.
_UNSPACED = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\uff66-\uff9d"  # half-width katakana (NFKC makes them full width anyway)
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\U00020000-\U0002fa1f"  # CJK extensions B.., compatibility supplement
)
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
# A run of an unspaced script, or a word: letters and digits (`[^\W_]` is str.isalnum) of the others.
_RUN = re.compile(f"(?P<u>[{_UNSPACED}]+)|(?P<w>[^\\W_{_UNSPACED}]+)")
# Characters that may carry accents: outside ASCII and outside the unspaced scripts.
_ACCENTABLE = re.compile(f"[^\\x00-\\x7f{_UNSPACED}]")


def _unspaced(ch: str) -> bool:
    """A character of a script written without spaces between words."""
    return _UNSPACED_CHAR.match(ch) is not None


@functools.lru_cache(maxsize=4096)
def _unaccented(ch: str) -> str:
    # NFD would also split kana voicing marks, so only characters outside the unspaced scripts
    # are decomposed (the regex that calls this never gives it those).
    base = unicodedata.normalize("NFD", ch)
    return "".join(c for c in base if not unicodedata.combining(c)) or ch


def _fold(text: str) -> str:
    if text.isascii():  # most mail: NFKC changes nothing and casefold is lower
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    # Accents off (é -> e, ü -> u) for spaced scripts.
    return _ACCENTABLE.sub(lambda m: _unaccented(m.group()), text)


@dataclass(frozen=True)
class Word:
    """One word of a query: its terms must follow each other; `prefix` for a lone CJK character."""

    terms: tuple[str, ...]
    prefix: bool = False


def _runs(text: str):
    """(kind, run) pieces of folded text: "w" a word of a spaced script, "u" an unspaced run."""
    for m in _RUN.finditer(text):
        yield m.lastgroup, m.group()


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def document_terms(*texts: str) -> list[str]:
    """The terms of a document, in order (positions matter for phrases)."""
    terms: list[str] = []
    for text in texts:
        if not text:
            continue
        for kind, run in _runs(_fold(text)):
            if kind == "w":
                terms.append(run[:MAX_TERM_CHARS])
            else:
                terms.extend(_pairs(run))
                terms.append(run[-1])
            if len(terms) >= MAX_TERMS:
                return terms[:MAX_TERMS]
    return terms


def query_words(query: str) -> list[Word]:
    """What a typed query asks for: every word must occur (in one document).

    A word is what the agent typed between spaces; its pieces ("leak-proof", "113-2-3",
    "订单号123") must follow each other. A run of an unspaced script that is not the last piece
    also has its last character, as the stored text does.
    """
    words: list[Word] = []
    for chunk in _fold(query).split():
        runs = list(_runs(chunk))
        terms: list[str] = []
        prefix = False
        for i, (kind, run) in enumerate(runs):
            last = i == len(runs) - 1
            if kind == "w":
                terms.append(run[:MAX_TERM_CHARS])
            elif len(run) == 1:
                terms.append(run)
                prefix = last
            else:
                terms.extend(_pairs(run))
                if not last:
                    terms.append(run[-1])
        if terms:
            word = Word(tuple(terms[:32]), prefix)
            if word not in words:
                words.append(word)
    return words[:MAX_QUERY_WORDS]


def phrases(query: str) -> list[str]:
    """The query's words as the strings a reader looks for in a text (for highlighting)."""
    out = []
    for kind, run in _runs(_fold(query)):
        if run not in out:
            out.append(run)
    return out


def fold(text: str) -> str:
    return _fold(text)

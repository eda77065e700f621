"""Placeholders for what must not be changed or must not leave: glossary terms and personal data.

    shielded = protect(text, glossary={"保温杯": "Thermobecher"}, personal=["Jana Weber"])
    shielded.text     -> "Lieber ⟦1⟧, der ⟦0⟧ ..."   (sent to the provider)
    shielded.restore(translated) -> the provider's text with ⟦n⟧ put back

A glossary term is restored as the seller's translation of it, personal data
as itself. `lost` names placeholders the provider dropped, so the UI can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sellerdesk.triage import entities

_SLOT = re.compile(r"⟦(\d+)⟧")


@dataclass
class Shielded:
    text: str
    values: list[str] = field(default_factory=list)  # what each ⟦n⟧ becomes on the way back
    kinds: list[str] = field(default_factory=list)  # "glossary" | "email" | "phone" | "order" | "tracking" | "name"

    def restore(self, translated: str) -> str:
        return _SLOT.sub(lambda m: self.values[int(m.group(1))] if int(m.group(1)) < len(self.values) else m.group(0), translated)

    def lost(self, translated: str) -> list[str]:
        kept = {int(n) for n in _SLOT.findall(translated)}
        return [self.values[i] for i in range(len(self.values)) if i not in kept]

    @property
    def redacted(self) -> list[str]:
        return [k for k in self.kinds if k != "glossary"]


def _replace_spans(text: str, spans: list[tuple[int, int, str, str]], shielded: Shielded) -> str:
    out, last = [], 0
    for start, end, value, kind in sorted(spans, key=lambda s: (s[0], -s[1])):  # the longest span at a position wins
        if start < last:
            continue  # overlapping: the earlier span wins
        out.append(text[last:start])
        out.append(f"⟦{len(shielded.values)}⟧")
        shielded.values.append(value)
        shielded.kinds.append(kind)
        last = end
    out.append(text[last:])
    return "".join(out)


def protect(text: str, *, glossary: dict[str, str] | None = None, personal: list[str] = (), redact: bool = True) -> Shielded:
    shielded = Shielded("")
    spans: list[tuple[int, int, str, str]] = []
    if redact:
        for e in entities.extract(text):
            if e.kind in ("email", "phone", "order", "tracking"):
                spans.append((e.start, e.end, text[e.start:e.end], e.kind))
        for name in sorted({p.strip() for p in personal if p and p.strip()}, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                spans.append((m.start(), m.end(), name, "name"))
    for term, translation in sorted((glossary or {}).items(), key=lambda kv: len(kv[0]), reverse=True):
        for m in re.finditer(re.escape(term), text, re.IGNORECASE):
            spans.append((m.start(), m.end(), translation, "glossary"))
    shielded.text = _replace_spans(text, spans, shielded)
    return shielded

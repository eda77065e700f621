"""One mailbox out of a sender header, read the way mail clients read it rather than the way RFC 5322 writes it.

Real servers send `Big Bug bb@bug.example` (no angle brackets), `Doe, John <j@x>` (a comma in an
unquoted name), `"Name <a@b.example>"` (the address inside the quotes), `MAILER-DAEMON <>` (the
null sender) and `<mailer-daemon>` (a bare local part). Python's address parser drops or splits
these, so the sender headers are read here, on text that is already decoded to str.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What an address looks like once found: something@something, no spaces or structural characters.
# The lookbehind starts a match only where a word starts: linear time on long junk values.
_ADDRESS = re.compile(r"(?<![^\s<>()\[\]\",;:@])[^\s<>()\[\]\",;:@]+@[^\s<>()\[\]\",;:@]+")


@dataclass(frozen=True)
class Mailbox:
    name: str = ""
    address: str = ""  # lower-cased local@domain, "" when the header names no usable address
    spec: str = ""  # what stood where the address belongs: "mailer-daemon" for <mailer-daemon>, "" for <>
    null: bool = False  # the header is (or ends in) "<>": the null sender of RFC 5321

    @property
    def local_part(self) -> str:
        """The part before the @ ("MAILER-DAEMON@" with no domain included), lower-cased."""
        return (self.address or self.spec).rsplit("@", 1)[0].strip().lower()


def first_mailbox(text: str) -> Mailbox:
    """The first mailbox of a header value; a segment with an address wins over one without."""
    found = [_mailbox(segment) for segment in _segments(text)]
    return next((m for m in found if m.address), found[0] if found else Mailbox())


def clean_address(value: str) -> str:
    """A usable lower-cased address out of what stood between < and >, or ""."""
    value = "".join(value.split())
    if value.lower().startswith("mailto:"):
        value = value[7:]
    value = value.strip(".;,'").lower()
    found = _ADDRESS.fullmatch(value)
    return value if found and not value.startswith(".") else ""


def _segments(text: str) -> list[str]:
    """The value split at commas outside quotes, comments and brackets; a piece with no address
    and no brackets is joined to the next one ("Doe, John <j@x>" is one mailbox)."""
    pieces, current, quoted, depth, angled, escaped = [], [], False, 0, False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif depth:
            pass
        elif char == "<":
            angled = True
        elif char == ">":
            angled = False
        elif char == "," and not angled:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    merged, pending = [], ""
    for index, piece in enumerate(pieces):
        piece = pending + piece
        if "@" not in piece and "<" not in piece and index < len(pieces) - 1:
            pending = piece + ","
            continue
        pending = ""
        merged.append(piece)
    if pending:
        merged.append(pending.rstrip(","))
    return [m for m in merged if m.strip()]


def _mailbox(segment: str) -> Mailbox:
    outside, comments, angles = _split(segment)
    if angles:
        inner = angles[-1].strip()
        name = _unquote(outside) or " ".join(comments)
        address = clean_address(inner)
        if not address:
            # "<>" or "<mailer-daemon>"; a name that is itself an address still counts ("a@b.example <junk>")
            found = _ADDRESS.search(outside)
            if found and clean_address(found.group()):
                return Mailbox(name=_unquote(outside.replace(found.group(), "")), address=clean_address(found.group()), spec=inner, null=not inner)
        return Mailbox(name=name, address=address, spec=inner, null=not inner)
    found = _ADDRESS.search(outside)
    if found and clean_address(found.group()):
        rest = outside[: found.start()] + outside[found.end() :]
        name = _unquote(rest.replace("<", " ").replace(">", " ")) or " ".join(comments)
        return Mailbox(name=name, address=clean_address(found.group()), spec=found.group())
    # No address at all: the text is a name ("Customer Service Team") or a bare local part ("MAILER-DAEMON");
    # a quoted "<>" is the null sender too.
    bare = _unquote(outside)
    if bare == "<>":
        return Mailbox(name=" ".join(comments), null=True)
    return Mailbox(name=bare or " ".join(comments), spec=bare)


def _split(segment: str) -> tuple[str, list[str], list[str]]:
    """(text outside comments and brackets, comment texts, bracket contents); quoted text stays in `outside`."""
    outside, comments, angles = [], [], []
    comment, angle = [], None
    quoted, depth, escaped = False, 0, False
    for char in segment:
        if escaped:  # the character after a backslash, kept where it stands
            escaped = False
            (comment if depth else outside).append(char)
            continue
        if char == "\\" and (quoted or depth):
            escaped = True
            if quoted:
                outside.append(char)
            continue
        if quoted:
            outside.append(char)
            quoted = char != '"'
        elif depth:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if not depth:
                    comments.append("".join(comment).strip())
                    comment = []
                    continue
            comment.append(char)
        elif angle is not None:
            if char == ">":
                angles.append("".join(angle))
                angle = None
            else:
                angle.append(char)
        elif char == '"':
            quoted = True
            outside.append(char)
        elif char == "(":
            depth = 1
        elif char == "<":
            angle = []
        else:
            outside.append(char)
    if angle is not None:  # "Name <a@b.example" without the closing bracket
        angles.append("".join(angle))
    if comment:
        comments.append("".join(comment).strip())
    return "".join(outside), [c for c in comments if c], angles


def _unquote(text: str) -> str:
    """A display name without its quotes and backslash escapes, spaces collapsed."""
    out, escaped = [], False
    for char in text:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char != '"':
            out.append(char)
    return " ".join("".join(out).split()).strip(" ,;:")

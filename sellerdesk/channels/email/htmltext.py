"""HTML mail bodies: readable plain text for agents and triage, and a sanitised copy for display."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_SKIP = {"script", "style", "head", "title", "template", "noscript"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "table", "thead", "tbody", "tfoot", "ul", "ol",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "center", "form", "dl", "dd", "dt", "hr", "figure",
}
_LINE = {"tr", "li", "br", "blockquote"}
_CELL = {"td", "th"}
_PARAGRAPHS = {"p", "table", "ul", "ol", "h1", "h2", "h3", "blockquote", "pre"}


class _TextMaker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.skip = 0
        self.quote = 0
        self.pre = 0

    def _flush(self, blank: bool = False) -> None:
        """End a block: emit the pending text, if any; a paragraph-like block leaves a blank line."""
        text = "".join(self.line)
        text = text if self.pre else " ".join(text.split())
        if text:
            self.lines.append(("> " * self.quote + text).rstrip())
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.line = []

    def _line_break(self) -> None:
        """<br>: end the line even when it is empty, so <br><br> is a blank line."""
        text = "".join(self.line)
        text = text if self.pre else " ".join(text.split())
        self.lines.append(("> " * self.quote + text).rstrip() if text else "")
        self.line = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._line_break()
        elif tag in _BLOCK or tag in _LINE:
            self._flush(blank=tag in _PARAGRAPHS)
            if tag == "li":
                self.line.append("- ")
            elif tag == "blockquote":
                self.quote += 1
            elif tag == "pre":
                self.pre += 1
            elif tag == "hr":
                self.lines.append("---")
        elif tag in _CELL and self.line:
            self.line.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt.strip():
                self.line.append(f"[{alt.strip()}]")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK or tag in ("tr", "li", "blockquote"):
            self._flush(blank=tag in _PARAGRAPHS)
            if tag == "blockquote":
                self.quote = max(0, self.quote - 1)
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if not self.skip:
            self.line.append(data if self.pre else data.replace("\xa0", " "))


def html_to_text(markup: str) -> str:
    maker = _TextMaker()
    try:
        maker.feed(markup)
        maker.close()
    except AssertionError:  # html.parser gives up on some broken markup; keep what it read
        pass
    maker._flush()
    text = "\n".join(maker.lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _drop_remote_images(tag: str, attr: str, value: str) -> str | None:
    # Remote images in mail are mostly tracking pixels: opening the mail must not report back.
    if tag == "img" and attr == "src" and not value.startswith("cid:"):
        return None
    return value


def sanitise(markup: str) -> str:
    """Display-safe HTML: no scripts, styles, event handlers or remote images; cid: images kept."""
    return nh3.clean(
        markup,
        url_schemes=nh3.ALLOWED_URL_SCHEMES | {"cid"},
        clean_content_tags={"script", "style", "title", "head"},
        attribute_filter=_drop_remote_images,
    ).strip()

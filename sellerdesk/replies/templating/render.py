"""Render a reply template in Jinja2's sandbox, keeping track of every value it could not fill.

A template only ever sees plain values (strings, numbers, booleans, lists of
strings) built by `variables.py`, never a model instance, so it cannot reach
the database or settings; the sandbox additionally refuses attribute tricks
(`__class__`, `mro`...), and `limits.py` bounds loops, time, the size of every
value and the output, and what a template may contain at all.

A missing variable is written as the marker `[[name]]` and listed in
`Rendered.missing`; `has_markers` finds such markers in a reply, which is how
a send with unfilled variables is refused.
"""

from __future__ import annotations

import contextvars
import operator
import re
from dataclasses import dataclass

from jinja2 import ChainableUndefined, TemplateSyntaxError, meta
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from sellerdesk.replies.templating import limits

# Every variable a template may use. Conditions (delivered, in_return_window, buyer_country...) included.
VARIABLES = (
    "customer_first_name", "customer_name", "order_number", "items", "tracking_number", "carrier",
    "tracking_link", "delivery_date", "return_deadline", "agent_name", "shop_name", "signature",
    "delivered", "in_return_window", "buyer_country", "marketplace", "channel",
)
MAX_OUTPUT = 20_000
MARKER = re.compile(r"\[\[\s*([A-Za-z_][\w.]*)\s*\]\]")

_missing: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("template_missing", default=None)


def _note_missing(name: str) -> None:
    seen = _missing.get()
    if seen is not None and name not in seen:
        seen.append(name)


class _TrackingUndefined(ChainableUndefined):
    """Like StrictUndefined it never passes silently, but it records the name instead of raising."""

    __slots__ = ()

    def _name(self) -> str:
        return self._undefined_name or "value"

    def __str__(self) -> str:
        _note_missing(self._name())
        return f"[[{self._name()}]]"

    def __bool__(self) -> bool:
        _note_missing(self._name())
        return False

    def __iter__(self):
        _note_missing(self._name())
        return iter(())

    def __len__(self) -> int:
        _note_missing(self._name())
        return 0

    def __eq__(self, other) -> bool:
        _note_missing(self._name())
        return False

    def __ne__(self, other) -> bool:
        _note_missing(self._name())
        return True

    __hash__ = ChainableUndefined.__hash__


class _ReplySandbox(SandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%", "+"])

    def call_binop(self, context, operator_name, left, right):
        # "x" * 10**9, 9**9**9 or "%999999999s" % 1 would eat memory or CPU before any output limit applies.
        texts = (str, list, tuple)
        if operator_name == "**":
            raise SecurityError("the power operator is not available in reply templates")
        if operator_name == "%":
            if isinstance(left, texts):
                raise SecurityError("formatting with % is not available in reply templates")
            return operator.mod(left, right)
        if operator_name == "+":
            if isinstance(left, texts) and isinstance(right, texts):
                limits.check_size(len(left) + len(right))
            return operator.add(left, right)
        if isinstance(left, texts) or isinstance(right, texts):
            raise SecurityError("repeating text with * is not available in reply templates")
        return operator.mul(left, right)

    def unsafe_undefined(self, obj, attribute):
        # The stock sandbox turns {{ x.__class__ }} into an undefined value; here it is an error the author sees.
        raise SecurityError(f"access to attribute {attribute!r} is not allowed")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's own signature
        if not limits.may_call(__obj):
            raise SecurityError("calling functions or methods is not available in reply templates")
        return super().call(__context, __obj, *args, **kwargs)

    def _parse(self, source, name, filename):
        template = super()._parse(source, name, filename)
        limits.check_statements(template)
        return template

    def _generate(self, source, name, filename, defer_init=False):
        return super()._generate(limits.count_loops(source), name, filename, defer_init=defer_init)


_env = _ReplySandbox(undefined=_TrackingUndefined, autoescape=False, keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)
# No range(), lipsum(), cycler()...: a template loops only over the (short) lists it is given.
_env.globals.clear()
_env.globals[limits.LOOP_GUARD] = limits.loop_guard
_env.filters = limits.filters_for(_env, _env.filters)


@dataclass(frozen=True)
class Rendered:
    text: str
    missing: tuple[str, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.missing


def validate(body: str) -> list[str]:
    """Problems that make a template unusable: syntax errors, statements or filters reply templates
    do not have, and unknown variable names."""
    try:
        parsed = _env.parse(body)
        _env.from_string(body)  # compiling finds unknown filters and tests
    except TemplateSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.message}"]
    except TemplateError as exc:
        return [str(exc)]
    unknown = sorted(meta.find_undeclared_variables(parsed) - set(VARIABLES))
    return [f"unknown variable {{{{ {name} }}}}" for name in unknown]


def render(body: str, values: dict) -> Rendered:
    """The filled text; unknown or empty values stay as [[name]] markers and are listed."""
    present = {k: v for k, v in values.items() if k in VARIABLES and v not in (None, "", [])}
    seen: list[str] = []
    token = _missing.set(seen)
    budget = limits.start()
    try:
        parts: list[str] = []
        size = 0
        # Streamed, so a runaway loop stops at the output limit instead of filling memory.
        for chunk in _env.from_string(body).generate(present):
            limits.bounded(chunk)
            size += len(chunk)
            if size > MAX_OUTPUT:
                return Rendered("", (), f"the rendered text is longer than {MAX_OUTPUT} characters")
            parts.append(chunk)
        text = "".join(parts)
    except TemplateSyntaxError as exc:
        return Rendered("", (), f"line {exc.lineno}: {exc.message}")
    except SecurityError as exc:
        return Rendered("", (), f"not allowed in a template: {exc}")
    except TemplateError as exc:
        return Rendered("", (), str(exc))
    except Exception as exc:  # noqa: BLE001 - a filter on a bad value (1/0, int('x')) must not break the page
        return Rendered("", (), f"{type(exc).__name__}: {exc}")
    finally:
        limits.stop(budget)
        _missing.reset(token)
    text = text.strip()
    # A condition on an unknown value took its "no" branch without leaving a marker in the text:
    # put one on top, so the agent checks that branch before the reply can be sent.
    silent = [name for name in seen if f"[[{name}]]" not in text]
    if silent:
        text = " ".join(f"[[{name}]]" for name in silent) + "\n" + text
    return Rendered(text, tuple(seen))


def markers(text: str) -> list[str]:
    """The [[name]] markers left in a reply, in order, without repeats."""
    found: list[str] = []
    for m in MARKER.finditer(text or ""):
        if m.group(1) not in found:
            found.append(m.group(1))
    return found

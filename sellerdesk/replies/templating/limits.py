"""Bounds on filling a reply template: loop steps, time, size of every value made, what may run.

Any agent can write a template and every preview fills it on a web thread, so filling is
bounded however the template is written:

- loops: every `{% for %}` is counted (MAX_ITERATIONS in all, nested loops included) and the
  clock is checked at each step (MAX_SECONDS), so no template ties up a thread;
- values: the filters a template may use are listed (`FILTERS`); `replace` and `join` check the
  size of their result before making it, the others after, against MAX_VALUE; `+` likewise;
- nothing is stored between loop steps (no `set`, no macros), no function or method is called,
  and no other template is included: a template is text with values, conditions and loops.
"""

from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass, field

from jinja2 import Undefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import LoopContext

MAX_ITERATIONS = 10_000
MAX_SECONDS = 0.5
MAX_VALUE = 20_000  # characters or list items, the same as the whole reply's limit

# Statements a reply template has no use for, and which could store, recurse or read other files.
REFUSED_STATEMENTS = {
    nodes.Macro: "macro", nodes.CallBlock: "call", nodes.FilterBlock: "filter", nodes.Assign: "set",
    nodes.AssignBlock: "set", nodes.With: "with", nodes.Include: "include", nodes.Import: "import",
    nodes.FromImport: "from", nodes.Extends: "extends", nodes.Block: "block",
}


@dataclass
class Budget:
    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)
    steps: int = 0

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"filling the template takes longer than {MAX_SECONDS} s")

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_ITERATIONS:
            raise SecurityError(f"the template's loops run more than {MAX_ITERATIONS} times")
        self.check()


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("template_budget", default=None)


def start() -> contextvars.Token:
    """A fresh budget for one fill; give the token to `stop`."""
    return _budget.set(Budget())


def stop(token: contextvars.Token) -> None:
    _budget.reset(token)


def _check() -> None:
    budget = _budget.get()
    if budget is not None:  # None while a template is compiled (constant folding)
        budget.check()


def loop_guard(iterable):
    """What every `{% for %}` iterates over: the same items, each one counted."""
    budget = _budget.get()
    for item in iterable:
        if budget is not None:
            budget.step()
        yield item


LOOP_GUARD = "__sd_loop_guard"


def check_statements(template: nodes.Template) -> None:
    """TemplateSyntaxError for a statement reply templates do not allow."""
    for node in template.find_all((nodes.Stmt,)):
        tag = REFUSED_STATEMENTS.get(type(node))
        if tag:
            raise TemplateSyntaxError(f"{{% {tag} %}} is not available in reply templates", node.lineno)
        if isinstance(node, nodes.For) and node.recursive:
            raise TemplateSyntaxError("recursive loops are not available in reply templates", node.lineno)


def count_loops(template: nodes.Template) -> nodes.Template:
    """Route every loop's iterable through `loop_guard` (done on the tree before it is compiled)."""
    for loop in template.find_all(nodes.For):
        loop.iter = nodes.Call(nodes.Name(LOOP_GUARD, "load"), [loop.iter], [], None, None, lineno=loop.lineno)
    return template


def may_call(obj) -> bool:
    """Only the loop counter and loop helpers (loop.cycle, loop.changed) may be called; calling an
    undefined name is let through so that it fails with "'range' is undefined"."""
    return obj is loop_guard or isinstance(obj, Undefined) or isinstance(getattr(obj, "__self__", None), LoopContext)


def check_size(size: int) -> None:
    """SecurityError if a value of `size` characters (or items) would be too long to make."""
    if size > MAX_VALUE:
        raise SecurityError(f"a value in the template would be longer than {MAX_VALUE} characters")


def bounded(value):
    """`value` after checking its size and the clock."""
    _check()
    if isinstance(value, (str, list, tuple)):
        check_size(len(value))
    return value


def _replace(value, old, new, count=None):
    s, old, new = str(value), str(old), str(new)
    found = len(s) + 1 if old == "" else s.count(old)
    if count is not None:
        found = min(found, int(count))
    check_size(len(s) + found * (len(new) - len(old)))
    return s.replace(old, new, -1 if count is None else int(count))


def _join_filter(environment):
    def join(value, d="", attribute=None):
        items = list(value)
        check_size(len(items))
        if attribute is not None:
            items = [environment.getattr(item, attribute) for item in items]
        texts = [str(item) for item in items]
        check_size(sum(map(len, texts)) + len(str(d)) * max(0, len(texts) - 1))
        return str(d).join(texts)

    return join


# Filters a reply template may use; each result is checked (`bounded`). Left out: those that make
# long text from a short one (center, indent, wordwrap, format, batch, slice, filesizeformat...)
# or look into objects (attr, items, xmlattr, pprint, tojson).
FILTERS = ("abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float", "int", "last", "length",
           "list", "lower", "map", "max", "min", "reject", "reverse", "round", "select", "sort", "string", "striptags",
           "sum", "title", "trim", "truncate", "unique", "upper", "urlencode", "wordcount")


def filters_for(environment, builtin: dict) -> dict:
    """The filters of a reply-template environment, each bounded."""
    def wrap(func):
        # Jinja passes the environment or context first to filters marked for it; the marker stays.
        def bounded_filter(*args, **kwargs):
            _check()
            return bounded(func(*args, **kwargs))

        if hasattr(func, "jinja_pass_arg"):
            bounded_filter.jinja_pass_arg = func.jinja_pass_arg
        return bounded_filter

    chosen = {name: wrap(builtin[name]) for name in FILTERS}
    chosen["replace"] = wrap(_replace)
    chosen["join"] = wrap(_join_filter(environment))
    return chosen

"""Garbage collection for the long-running intake processes (the worker's writer, its helpers).

After warm-up, what is loaded for good (Django, the triage model, caches) is frozen: left out of
every later collection. The young generation's threshold is raised from CPython's 700 allocations:
a batch of the intake allocates hundreds of thousands of short-lived objects (ORM rows, parsed
mail parts), and at 700 a collection ran every few messages, each walking everything allocated
since (docs/operations.md, "Throughput"). Reference counting still frees almost all of it at once;
the collector is only needed for the cycles (model instances and their state), and they wait for
one collection per ~50,000 allocations instead.
"""

from __future__ import annotations

import gc

YOUNG = 50_000


def settle() -> None:
    """Collect once, freeze what is left, and collect young objects less often from now on."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG, older, oldest)

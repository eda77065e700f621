"""Built-in recipes: one JSON file per rule in this folder, installed switched off.

A file holds {"key", "name", "description", "event", "position", "definition"} (definition as in
docs/automation.md). `install()` adds the recipes whose key is not yet a rule; a seller's edits to
an installed recipe are never overwritten.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@cache
def default_recipes() -> tuple[dict, ...]:
    recipes = []
    for path in sorted(FOLDER.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.setdefault("position", 0)
        recipes.append(data)
    return tuple(recipes)


def install(user=None) -> list[str]:
    """Create the missing recipes (disabled); returns the keys created."""
    from sellerdesk.automation.models import Rule
    from sellerdesk.automation.rules import create_rule

    known = set(Rule.objects.filter(key__isnull=False).values_list("key", flat=True))
    created = []
    for r in default_recipes():
        if r["key"] in known:
            continue
        create_rule(name=r["name"], event=r["event"], definition=r["definition"], user=user, key=r["key"], enabled=False,
                    description=r.get("description", ""), position=r.get("position", 0))
        created.append(r["key"])
    return created

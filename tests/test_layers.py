"""The packages below the conversation actions do not import them back (no import circles)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sellerdesk"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at module level or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_compliance_routing_sla_and_lib_never_import_the_conversation_actions():
    below = [*(PACKAGE / "replies" / "compliance").rglob("*.py"), *(PACKAGE / "routing").rglob("*.py"),
             *(PACKAGE / "sla").rglob("*.py"), *(PACKAGE / "lib").rglob("*.py")]
    assert len(below) > 20
    offenders = sorted(str(p.relative_to(PACKAGE)) for p in below if "sellerdesk.conversations.actions" in imported_modules(p))
    assert offenders == []


def test_action_error_is_one_class_wherever_it_is_imported_from():
    from sellerdesk.conversations.actions import ActionError as from_actions
    from sellerdesk.lib.errors import ActionError
    from sellerdesk.replies.compliance import ComplianceBlocked

    assert from_actions is ActionError
    assert issubclass(ComplianceBlocked, ActionError)

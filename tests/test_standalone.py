"""The repository stands alone: someone who clones it has none of this team's machine paths or notes.

Every tracked file is read as bytes and searched for a machine path or the name of a team notes
document. The needles are built from parts, so this file does not name them itself.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

NEEDLES = [
    "/" + "work" + "/",                   # the machine's path to the worktrees and the team folder
    "shared" + "/" + "channels" + ".md",  # the team's channel notes
    "SPEC" + ".md",                       # the team's product notes
    "ARCHITECTURE" + ".md",               # the team's architecture notes
]


def tracked_files(root: Path) -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"not a git checkout ({exc})")
    return [name for name in out.stdout.decode("utf-8").split("\0") if name]


def offending_lines(root: Path, names: list[str]) -> list[str]:
    found = []
    for name in names:
        path = root / name
        if not path.is_file():  # deleted in the worktree, not yet in the index
            continue
        data = path.read_bytes()
        for needle in NEEDLES:
            at = data.find(needle.encode())
            while at != -1:
                line = data.count(b"\n", 0, at) + 1
                found.append(f"{name}:{line}: names {needle!r}")
                at = data.find(needle.encode(), at + 1)
    return found


def test_no_tracked_file_names_a_machine_path_or_the_team_notes():
    names = tracked_files(ROOT)
    assert "pyproject.toml" in names  # the listing is the repository's, not an empty one
    assert offending_lines(ROOT, names) == []


def test_each_needle_is_found_with_its_file_and_line(tmp_path):
    (tmp_path / "doc.md").write_text("\n".join(["fine", *NEEDLES]) + "\n", encoding="utf-8")
    (tmp_path / "clean.md").write_text("docs/channels.md, the team's evaluation set\n", encoding="utf-8")
    assert offending_lines(tmp_path, ["doc.md", "clean.md", "gone.md"]) == [
        f"doc.md:{line}: names {needle!r}" for line, needle in enumerate(NEEDLES, start=2)
    ]

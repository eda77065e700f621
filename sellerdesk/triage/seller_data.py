"""A seller's own labelled history: past messages with the category their team gave them.

`read_history()` reads a CSV or JSONL export and maps its categories to our intents;
`compare()` cross-validates on those rows the shipped model against one fitted with them,
so the seller sees both figures before anything changes; `install()` keeps the rows in
DATA_DIR/triage/seller_history.jsonl, where every later build (and every process, through
the data hash) takes them in with a higher weight than the shipped rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings
from sklearn.model_selection import StratifiedKFold

from sellerdesk.triage.taxonomy import INTENTS, SENTIMENTS

SELLER_WEIGHT = 3.0  # the seller's own traffic, labelled by their team, is the best data there is
MIN_PER_INTENT = 3  # an intent with fewer rows cannot be split into folds


def history_path() -> Path:
    return Path(settings.DATA_DIR) / "triage" / "seller_history.jsonl"


def _key(label: str) -> str:
    return "_".join(str(label).strip().lower().replace("-", " ").replace("/", " ").split())


@dataclass
class History:
    rows: list[dict] = field(default_factory=list)
    read: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> rows
    unmapped: Counter = field(default_factory=Counter)  # the file's category -> rows
    categories: dict[str, str] = field(default_factory=dict)  # the file's category -> our intent


def read_mapping(path: Path) -> dict[str, str]:
    """Their category -> our intent, from a JSON object or a two-column CSV (category,intent)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: a JSON mapping must be an object {{category: intent}}")
        pairs = raw.items()
    else:
        pairs = [(r[0], r[1]) for r in csv.reader(io.StringIO(text)) if len(r) >= 2 and r[0].strip()]
    mapping = {}
    for theirs, ours in pairs:
        if _key(ours) not in INTENTS:
            raise ValueError(f"{path}: {theirs!r} maps to {ours!r}, which is not an intent ({', '.join(INTENTS)})")
        mapping[_key(theirs)] = _key(ours)
    return mapping


def _records(path: Path):
    if path.suffix.lower() in (".jsonl", ".json"):
        with open(path, encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            yield from csv.DictReader(fh)


def read_history(path: Path, *, text_column: str = "text", label_column: str = "intent",
                 mapping: dict[str, str] | None = None) -> History:
    """The labelled rows of a CSV/JSONL export; categories are our intent names or mapped."""
    mapping = mapping or {}
    out = History()
    seen: set[str] = set()
    for n, rec in enumerate(_records(path), 1):
        out.read += 1
        if not isinstance(rec, dict) or text_column not in rec:
            raise ValueError(f"{path}: row {n} has no {text_column!r} column (use --text-column)")
        text = str(rec.get(text_column) or "").strip()
        label = str(rec.get(label_column) or "").strip()
        if not text:
            out.skipped["empty text"] += 1
            continue
        if not label:
            out.skipped["no category"] += 1
            continue
        intent = mapping.get(_key(label)) or (_key(label) if _key(label) in INTENTS else None)
        if intent is None:
            out.unmapped[label] += 1
            continue
        if text in seen:
            out.skipped["duplicate text"] += 1
            continue
        seen.add(text)
        out.categories[label] = intent
        sentiment = str(rec.get("sentiment") or "").strip().lower()
        out.rows.append({
            "id": f"seller:{len(out.rows) + 1}", "text": text, "lang": str(rec.get("lang") or ""),
            "intent": intent, "sentiment": sentiment if sentiment in SENTIMENTS else None,
            "source": "seller", "weight": SELLER_WEIGHT,
        })
    return out


def stored_rows() -> list[dict]:
    path = history_path()
    if not path.exists():
        return []
    from sellerdesk.triage.training import read_jsonl

    return [{**r, "weight": SELLER_WEIGHT} for r in read_jsonl(path)]


def install(rows: list[dict]) -> Path:
    """Keep these rows (replacing an earlier import) for every later build."""
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({k: v for k, v in r.items() if k != "weight"}, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def compare(rows: list[dict], *, folds: int = 3) -> dict:
    """Cross-validated figures on the seller's rows: the shipped model (which never saw them)
    against models fitted with the other folds of them. {"shipped": report, "fitted": report}."""
    from sellerdesk.triage import evaluation, training

    counts = Counter(r["intent"] for r in rows)
    usable = [r for r in rows if counts[r["intent"]] >= max(MIN_PER_INTENT, folds)]
    if len({r["intent"] for r in usable}) < 2:
        raise ValueError(f"too few labelled rows to cross-validate: need at least {max(MIN_PER_INTENT, folds)} rows "
                         "in each of two categories or more")
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=training.SEED)
    shipped = training.build(cv_threshold=False)
    held_all, shipped_results, fitted_results = [], [], []
    for train, test in splitter.split(np.zeros(len(usable)), [r["intent"] for r in usable]):
        held = [usable[i] for i in test]
        fitted = training.build([usable[i] for i in train], cv_threshold=False)
        held_all += held
        shipped_results += evaluation.triage_rows(held, using=shipped)
        fitted_results += evaluation.triage_rows(held, using=fitted)
    return {
        "rows": len(usable),
        "left_out": len(rows) - len(usable),
        "folds": folds,
        "shipped": evaluation.score(held_all, shipped_results, 0.0),
        "fitted": evaluation.score(held_all, fitted_results, 0.0),
    }

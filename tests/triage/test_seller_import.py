"""A seller imports their labelled history: figures first, the model changes only with --apply."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sellerdesk import triage
from sellerdesk.triage import model, seller_data, training

DATA = Path(__file__).parent / "data"
# Their help desk's categories, four tickets each, in two languages.
TICKETS = {
    "Garantie / Reparatur": [
        "The blender motor died after a month, how do I get it repaired under warranty?",
        "Mein Mixer geht nach drei Wochen nicht mehr, wie läuft die Garantie?",
        "The warranty card is missing, can you still repair the kettle?",
        "Der Wasserkocher ist kaputt, schicke ich ihn zur Reparatur an euch?",
    ],
    "WISMO": [
        "Where is my parcel? It said 3 days.",
        "Wo bleibt mein Paket? Bestellt letzte Woche.",
        "Any news on my shipment please?",
        "Wann kommt meine Lieferung an?",
    ],
    "Lob": [
        "Great blender, my smoothies were never better!",
        "Super Mixer, bin sehr zufrieden, danke!",
        "Thanks a lot, the kettle is beautiful.",
        "Vielen Dank, alles bestens angekommen!",
    ],
}
MAPPING = "Garantie / Reparatur,return_exchange\nWISMO,order_status\nLob,feedback_thanks\n"


@pytest.fixture
def small_data(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(training, "DATA", DATA / "small")
    settings.DATA_DIR = tmp_path
    model.reset()
    yield tmp_path
    model.reset()


def _export(tmp_path: Path, extra: list[tuple[str, str]] = ()) -> Path:
    path = tmp_path / "tickets.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["ticket", "message", "category"])
        n = 0
        for category, texts in TICKETS.items():
            for text in texts:
                n += 1
                out.writerow([n, text, category])
        for text, category in extra:
            out.writerow([0, text, category])
    return path


def _mapping(tmp_path: Path) -> Path:
    path = tmp_path / "map.csv"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def test_without_apply_it_compares_and_changes_nothing(small_data, db):
    out = StringIO()
    call_command("triage-import", str(_export(small_data, [("", "WISMO")])), "--text-column", "message",
                 "--label-column", "category", "--map", str(_mapping(small_data)), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "read 13 rows: 12 used, skipped: empty text 1"
    assert lines[1] == "cross-validated on your rows (3 folds):"
    assert lines[2].split() == ["shipped", "model", "fitted", "model"]
    assert [line.split()[:2] for line in lines[3:7]] == [["intent", "macro-F1"], ["intent", "accuracy"],
                                                         ["tier-1", "recall"], ["tier-1", "precision"]]
    assert lines[-1] == "nothing changed: run again with --apply to fit the model to these rows"
    assert not seller_data.history_path().exists()


def test_the_json_report_holds_both_models_on_the_same_rows(small_data, db):
    out = StringIO()
    call_command("triage-import", str(_export(small_data)), "--text-column", "message", "--label-column", "category",
                 "--map", str(_mapping(small_data)), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["rows"], report["folds"], report["left_out"]) == (12, 3, 0)
    assert report["shipped"]["intent"]["n"] == report["fitted"]["intent"]["n"] == 12
    # The shipped small model has never seen a repair ticket; the fitted one has.
    assert report["shipped"]["intent"]["per_intent"]["return_exchange"]["recall"] == 0.0
    assert report["fitted"]["intent"]["per_intent"]["return_exchange"]["recall"] > 0.0
    assert report["categories"]["Garantie / Reparatur"] == "return_exchange"


def test_unmapped_categories_are_named_and_nothing_is_read_in(small_data, db):
    with pytest.raises(CommandError, match=r"12 rows have categories that are not intents: 'Garantie / Reparatur' \(4\), 'WISMO' \(4\), 'Lob' \(4\)"):
        call_command("triage-import", str(_export(small_data)), "--text-column", "message", "--label-column", "category")
    assert not seller_data.history_path().exists()


def test_a_mapping_to_a_category_we_do_not_have_is_refused(small_data, db):
    bad = small_data / "map.csv"
    bad.write_text("WISMO,where_is_it\n", encoding="utf-8")
    with pytest.raises(CommandError, match="'WISMO' maps to 'where_is_it', which is not an intent"):
        call_command("triage-import", str(_export(small_data)), "--map", str(bad), "--text-column", "message",
                     "--label-column", "category")


def test_apply_keeps_the_rows_and_the_model_learns_them(small_data, db):
    out = StringIO()
    call_command("triage-import", str(_export(small_data)), "--text-column", "message", "--label-column", "category",
                 "--map", str(_mapping(small_data)), "--apply", stdout=out)
    stored = training.read_jsonl(seller_data.history_path())
    assert len(stored) == 12 and {r["source"] for r in stored} == {"seller"}
    assert out.getvalue().splitlines()[-1] == (
        f"installed: 12 rows kept in {seller_data.history_path()}; model rebuilt (27 rows, 12 of them yours)"
    )
    built = model.Model.load(model.artefact_path())
    assert "return_exchange" in built.intent_classes
    assert model.is_current(built)  # every process sees the import in the data hash and keeps this build
    assert triage.analyze("Der Mixer ist kaputt, wie geht die Reparatur unter Garantie?").intent == "return_exchange"

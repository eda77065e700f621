"""Every string the web UI shows has a Simplified Chinese translation with the same placeholders."""

import re

from babel.messages.pofile import read_po

from tests.web.catalog import PO_PATH, ui_messages

PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalog():
    with PO_PATH.open("rb") as f:
        return read_po(f, locale="zh_Hans")


def _key(message):
    return message.id if isinstance(message.id, str) else tuple(message.id)


def test_every_ui_string_is_in_the_po_file():
    catalog = _catalog()
    translated = {_key(m) for m in catalog if m.id}
    assert sorted(ui_messages() - translated, key=str) == []


def test_no_stale_entries():
    catalog = _catalog()
    assert sorted({_key(m) for m in catalog if m.id} - ui_messages(), key=str) == []


def test_every_entry_is_translated_and_keeps_its_placeholders():
    for m in _catalog():
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strs = [m.string] if isinstance(m.string, str) else list(m.string)
        assert all(strs), f"untranslated: {m.id!r}"
        assert "fuzzy" not in m.flags, m.id
        for s in strs:
            assert sorted(PLACEHOLDER.findall(s)) == sorted(PLACEHOLDER.findall(ids[0])), (m.id, s)


def test_the_extractor_finds_template_and_python_strings():
    found = ui_messages()
    assert "Send and resolve" in found  # {% translate %} in a template
    assert "Reply queued for sending." in found  # gettext() in a view
    assert ("%(n)s attempt", "%(n)s attempts") in found  # {% blocktranslate count %}

import json

import pytest

from sellerdesk.triage import cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will open an A-to-z claim tomorrow.", ["a_to_z"]),
        ("Ich werde eine Rückbuchung veranlassen.", ["chargeback"]),
        ("J'ai ouvert un litige PayPal.", ["paypal_dispute", "platform_case"]),
        ("Quiero hablar con el encargado.", ["manager"]),
        ("Lascerò una recensione negativa.", ["bad_review"]),
        ("Vou denunciar a loja no Procon.", ["report"]),
        ("Ik neem een advocaat in de arm.", ["legal"]),
        ("To oszustwo, jestem wściekły.", ["anger"]),
        ("責任者を出してください。", ["manager"]),
        ("再不处理我就给差评。", ["bad_review"]),
        ("카드사에 차지백 신청하겠습니다.", ["chargeback"]),
        ("Saya akan laporkan toko ini.", ["report"]),
        ("Kötü yorum yazacağım.", ["bad_review"]),
        ("Thank you, all good.", []),
    ],
)
def test_cues_in_every_language(text, expected):
    assert cues.find(text).cues == expected


def test_positive_word_after_a_negation_does_not_count():
    hits = cues.find("I am not happy with it")
    assert (hits.positive, hits.negative) == (0, 1)


def test_words_match_whole_words_only():
    assert cues.find("The top part of the laptop").positive == 1  # "top", not "laptop"


def test_override_file_adds_phrases(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    (tmp_path / "triage").mkdir()
    (tmp_path / "triage" / "cues.json").write_text(json.dumps({"cues": {"legal": {"de": ["Schlichtungsstelle"]}}}))
    cues.reload()
    try:
        assert cues.find("Ich wende mich an die Schlichtungsstelle.").cues == ["legal"]
    finally:
        cues.reload()

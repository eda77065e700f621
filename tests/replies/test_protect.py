"""Placeholders for glossary terms and personal data before text leaves for a provider."""

from sellerdesk.replies.translation.protect import protect


def test_personal_data_is_replaced_and_restored():
    s = protect("Ich bin Jana Weber (jana@example.de, +49 30 1234567), Bestellung 302-1234567-1234567. Grüße, Jana",
                personal=["Jana Weber", "Jana", "Weber"])
    assert s.text == "Ich bin ⟦0⟧ (⟦1⟧, ⟦2⟧), Bestellung ⟦3⟧. Grüße, ⟦4⟧"
    assert s.kinds == ["name", "email", "phone", "order", "name"]
    assert s.restore("I am ⟦0⟧ (⟦1⟧, ⟦2⟧), order ⟦3⟧. Regards, ⟦4⟧") == "I am Jana Weber (jana@example.de, +49 30 1234567), order 302-1234567-1234567. Regards, Jana"


def test_glossary_terms_come_back_as_the_sellers_translation_and_losses_are_named():
    s = protect("The Thermo Mug and the thermo mug lid", glossary={"thermo mug": "Thermobecher", "thermo mug lid": "Thermobecherdeckel"}, redact=False)
    assert s.text == "The ⟦0⟧ and the ⟦1⟧"
    assert s.restore("Der ⟦0⟧ und der ⟦1⟧") == "Der Thermobecher und der Thermobecherdeckel"
    assert s.lost("Der ⟦0⟧ und der Deckel") == ["Thermobecherdeckel"]
    assert s.redacted == []


def test_placeholders_a_provider_invents_are_left_as_they_are():
    s = protect("Hello", redact=False)
    assert s.restore("Hallo ⟦7⟧") == "Hallo ⟦7⟧"

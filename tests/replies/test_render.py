"""The sandboxed renderer: filled values, missing values as markers, hostile values and hostile templates."""

import pytest

from sellerdesk.replies.templating.render import MAX_OUTPUT, markers, render, validate


def test_values_and_conditions_are_filled():
    body = "Hi {{ customer_first_name }}, {% if delivered %}delivered on {{ delivery_date }}{% else %}on its way: {{ tracking_link }}{% endif %}."
    r = render(body, {"customer_first_name": "Jana", "delivered": True, "delivery_date": "24 November 2026"})
    assert (r.text, r.missing, r.error, r.ok) == ("Hi Jana, delivered on 24 November 2026.", (), "", True)


def test_a_missing_value_becomes_a_marker_and_is_listed():
    r = render("Tracking: {{ tracking_number }} ({{ carrier }})", {"carrier": "DHL"})
    assert (r.text, r.missing, r.ok) == ("Tracking: [[tracking_number]] (DHL)", ("tracking_number",), False)


def test_empty_values_count_as_missing():
    r = render("Hello {{ customer_first_name }}, order {{ order_number }}", {"customer_first_name": "", "order_number": None})
    assert r.text == "Hello [[customer_first_name]], order [[order_number]]"
    assert r.missing == ("customer_first_name", "order_number")


def test_a_condition_on_an_unknown_value_leaves_a_marker_on_top():
    # Unknown delivery state: the "not delivered" branch is shown, but the agent must confirm it.
    r = render("{% if delivered %}It arrived.{% else %}It is on its way.{% endif %}", {})
    assert (r.text, r.missing) == ("[[delivered]]\nIt is on its way.", ("delivered",))


def test_is_defined_tests_presence_without_marking_it_missing():
    body = "Thanks for your question{% if items is defined %} about {{ items|join(', ') }}{% endif %}."
    assert render(body, {}).text == "Thanks for your question."
    assert render(body, {"items": ["Lamp", "Cable"]}).text == "Thanks for your question about Lamp, Cable."


def test_values_that_look_like_template_code_are_printed_not_run():
    hostile = "{{ settings.SECRET_KEY }}{% for x in items %}{% endfor %}"
    r = render("Hello {{ customer_name }}", {"customer_name": hostile})
    assert (r.text, r.missing, r.error) == (f"Hello {hostile}", (), "")


def test_values_outside_the_variable_list_are_not_visible():
    # Even if a caller passed a model or the settings, the template never sees them.
    r = render("{{ settings }}", {"settings": object()})
    assert r.text == "[[settings]]"


@pytest.mark.parametrize(
    "body, error",
    [
        ("{{ ''.__class__.__mro__ }}", "not allowed in a template: access to attribute '__class__' is not allowed"),
        ("{{ customer_name.__init__ }}", "not allowed in a template: access to attribute '__init__' is not allowed"),
        ("{{ 'x' * 100 }}", "not allowed in a template: repeating text with * is not available in reply templates"),
        ("{{ 9 ** 9 }}", "not allowed in a template: the power operator is not available in reply templates"),
        ("{% for i in range(10) %}x{% endfor %}", "'range' is undefined"),
        ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        ("Hello {% if %}", "line 1: Expected an expression, got 'end of statement block'"),
    ],
)
def test_hostile_templates_give_a_clear_error(body, error):
    r = render(body, {"customer_name": "Jana"})
    assert (r.text, r.error, r.ok) == ("", error, False)


def test_output_is_capped_while_rendering():
    items = ["x" * 1000] * 30
    r = render("{% for a in items %}{% for b in items %}{{ a }}{% endfor %}{% endfor %}", {"items": items})
    assert r.error == f"the rendered text is longer than {MAX_OUTPUT} characters"


def test_validate_names_unknown_variables_and_syntax_errors():
    assert validate("{{ order_number }} {{ trackng_number }} {{ shop }}") == ["unknown variable {{ shop }}", "unknown variable {{ trackng_number }}"]
    assert validate("{% if delivered %}x") == ["line 1: Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."]
    assert validate("{% if delivered %}{{ delivery_date }}{% endif %}") == []


def test_markers_are_found_once_each_in_order():
    assert markers("A [[tracking_number]] B [[ answer ]] C [[tracking_number]] [not] [[1x]]") == ["tracking_number", "answer"]

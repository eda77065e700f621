"""QuickSelect writes exactly the HTML of Django's Select (it only skips the template per option)."""

from __future__ import annotations

import pytest
from django import forms

from sellerdesk.web.forms import AssignForm, InboxFilterForm
from sellerdesk.web.quickselect import QuickSelect

CHOICES = [("", "Anyone"), ("me", "Me <&>"), (3, 'A "quoted" name'), ("group", [("a", "in a group"), ("b", "B")]),
           (1000, 1000), ("zh", "简体中文 (zh)")]


@pytest.mark.parametrize("value", ["", "me", "3", 3, "a", None, 1000, "zh", "not a choice"])
@pytest.mark.parametrize("attrs", [None, {"class": "f-auto", "id": "id_x"}, {"disabled": True, "data-x": False, "title": "<t>"}])
def test_same_html_as_djangos_select(value, attrs):
    django_html = forms.Select(choices=CHOICES, attrs={"class": "k"}).render("assignee", value, attrs)
    quick_html = QuickSelect(choices=CHOICES, attrs={"class": "k"}).render("assignee", value, attrs)
    assert quick_html == django_html


def test_the_forms_draw_the_same_selects_as_before(db):
    class Profile:
        name = "Anna <Schmidt>"

    class User:
        pk, agent = 7, Profile()

    filters = InboxFilterForm({"assignee": "7", "lang": "de", "channel": "ebay"}, agents=[(7, "Anna <Schmidt>")], channels=["amazon", "ebay"])
    assert filters.is_valid()
    for name in ("channel", "assignee", "tier", "lang"):
        field = filters[name]
        django_html = forms.Select(choices=field.field.choices, attrs=field.field.widget.attrs).render(
            field.html_name, field.value(), {"id": field.auto_id})
        assert str(field) == django_html
    assert 'value="7" selected>Anna &lt;Schmidt&gt;</option>' in str(filters["assignee"])
    assign = AssignForm(initial={"assignee": "7"}, agents=[User()])
    assert str(assign["assignee"]) == forms.Select(choices=assign.fields["assignee"].choices).render(
        "assignee", "7", {"id": "id_assignee"})

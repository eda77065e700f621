"""A <select> drawn in Python: the same HTML as Django's Select, without a template per option.

Django draws each <option> through its own template include; the inbox filters and the assign
form list every agent, and drawing those options was about a fifth of an inbox page's CPU.
This widget keeps Django's choice handling (`get_context`: which option is selected, the ids,
the attributes) and writes the markup of Django's select.html / select_option.html itself.
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from sellerdesk.web.pyhtml import text as _text


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name alone.
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape("%s" % (value,))}"')
    return "".join(out)


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in options:
                value_s = conditional_escape("%s" % (option["value"],))
                parts.append(f'\n  <option value="{value_s}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))

"""Forms of the agent UI: inbox filters, conversation actions, email account settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.web import labels
from sellerdesk.web.quickselect import QuickSelect

STATUS_CHOICES = [*labels.STATUSES.items(), ("all", _("All"))]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    channel = forms.ChoiceField(required=False, widget=QuickSelect)
    assignee = forms.ChoiceField(required=False, widget=QuickSelect)
    tier = forms.TypedChoiceField(choices=[("", _("Any tier"))] + [(t, f"T{t}") for t in (1, 2, 3)], coerce=int, empty_value=None,
                                  required=False, widget=QuickSelect)
    lang = forms.ChoiceField(required=False, widget=QuickSelect)
    q = forms.CharField(max_length=200, required=False, strip=True)
    cursor = forms.CharField(max_length=200, required=False)

    def __init__(self, data, *, agents, channels):
        """`agents`: (user id, name) pairs (lookups.agent_names)."""
        super().__init__(data)
        for name in ("channel", "assignee", "tier", "lang"):
            self.fields[name].widget.attrs["class"] = "f-auto"  # a change reloads the list
        self.fields["channel"].choices = [("", _("All channels"))] + [(c, labels.label(labels.CHANNELS, c)) for c in channels]
        self.fields["assignee"].choices = [("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned"))] + [
            (str(pk), name) for pk, name in agents
        ]
        self.fields["lang"].choices = [("", _("Any language"))] + [
            (code, f"{labels.language_name(code)} ({code})") for code in labels.BUYER_LANGUAGES
        ]

    def clean_status(self):
        return self.cleaned_data["status"] or "open"


class ReplyForm(forms.Form):
    # Emptiness is the action's call (ActionError), shown inline like any other refusal.
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    resolve = forms.BooleanField(required=False)


class NoteForm(forms.Form):
    note = forms.CharField(required=False, strip=False, widget=forms.Textarea)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(required=False, widget=QuickSelect)

    def __init__(self, data=None, *, agents, **kwargs):
        super().__init__(data, **kwargs)
        self.agents = {str(u.pk): u for u in agents}
        self.fields["assignee"].choices = [("", _("Unassigned"))] + [(pk, u.agent.name) for pk, u in self.agents.items()]

    def chosen(self):
        return self.agents.get(self.cleaned_data["assignee"])


class SnoozeForm(forms.Form):
    preset = forms.ChoiceField(choices=[("1h", "1h"), ("4h", "4h"), ("tomorrow", "tomorrow"), ("custom", "custom")])
    until = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    def clean(self):
        data = super().clean()
        if data.get("preset") == "custom" and not data.get("until"):
            self.add_error("until", _("Pick a date and time."))
        return data


class ShopIdentityForm(forms.Form):
    shop_name = forms.CharField(
        label=_("Shop name"), max_length=100, required=False,
        help_text=_("The store's name as buyers know it ({{ shop_name }} in templates). Empty: SELLERDESK_SHOP_NAME, "
                    "else the reply keeps a [[shop_name]] marker to fill in. The account's own name is never sent to buyers."))
    signature = forms.CharField(
        label=_("Signature"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sign-off of this store ({{ signature }} in templates)."))

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.replies.library.starter import LANGUAGES
from sellerdesk.replies.models import Approval, ReplyTemplate

CHANNELS = ("", "amazon", "ebay", "email", "whatsapp", "messenger", "instagram", "wechat", "shopify", "tiktok", "walmart")


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    key = forms.SlugField(label=_("Key (shared by the variants of one reply)"), max_length=80)
    category = forms.ChoiceField(label=_("Category"), choices=ReplyTemplate.Category.choices)
    language = forms.ChoiceField(label=_("Language"), choices=[(code, code) for code in LANGUAGES])
    channel = forms.ChoiceField(label=_("Channel tone"), choices=[(c, c or _("any channel")) for c in CHANNELS], required=False)
    intents = forms.CharField(label=_("Intents (comma separated)"), required=False)
    tags = forms.CharField(label=_("Tags (comma separated)"), required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    stores = forms.ModelMultipleChoiceField(
        label=_("Stores (none ticked: every store)"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=ChannelAccount.objects.order_by("kind", "name"))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def fields_for_action(self) -> dict:
        d = dict(self.cleaned_data)
        d["intents"] = _split(d["intents"])
        d["tags"] = _split(d["tags"])
        return d

    @classmethod
    def initial_from(cls, t: ReplyTemplate) -> dict:
        return {
            "title": t.title, "key": t.key, "category": t.category, "language": t.language, "channel": t.channel,
            "intents": ", ".join(t.intents or []), "tags": ", ".join(t.tags or []), "body": t.body, "is_active": t.is_active,
            "stores": list(t.stores.all()),
        }


class ApprovalForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=Approval.Kind.choices)
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=12, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    text = forms.CharField(required=False)  # the reply box, sent along by hx-include


class DecisionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

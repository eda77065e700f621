"""The order CSV import form (Channels → Import orders)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OrderImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("One row per order line; the first line names the columns."))
    platform = forms.CharField(label=_("Platform"), max_length=20, initial="walmart",
                               help_text=_("walmart, shopify, ebay, tiktok, or another short name."))
    marketplace = forms.CharField(label=_("Marketplace"), max_length=10, required=False)

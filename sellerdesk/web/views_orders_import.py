"""Channels → Import orders (admins only): orders from a CSV file, for platforms without an order API here."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sellerdesk.orders.importer import ImportFileError, import_orders, read_text
from sellerdesk.web.access import agent_view
from sellerdesk.web.forms_orders_import import OrderImportForm


@require_http_methods(["GET", "POST"])
@agent_view(admin=True)
def orders_import(request):
    report, error = None, ""
    if request.method == "POST":
        form = OrderImportForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                report = import_orders(read_text(d["file"].read()), d["platform"], marketplace=d["marketplace"].strip().upper())
            except ImportFileError as exc:
                error = str(exc)
    else:
        form = OrderImportForm()
    status = 422 if request.method == "POST" and (error or not form.is_valid()) else 200
    return render(request, "web/orders_import.html", {"form": form, "report": report, "error": error}, status=status)

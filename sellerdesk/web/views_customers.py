"""Customer 360: one buyer across channels — identities, orders, conversations — and merges."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers import merge as merging
from sellerdesk.customers.models import Customer, CustomerMerge
from sellerdesk.orders.models import Claim, Order
from sellerdesk.privacy.models import Erasure
from sellerdesk.tracking.models import Shipment, TrackingEvent
from django.utils.translation import gettext_lazy, gettext_noop

from sellerdesk.web import labels
from sellerdesk.web.access import agent_view, can_write

LIST_LIMIT = 50
# ActionError texts of customers.merge, listed so the translation catalogue carries them.
MERGE_ERRORS = (
    gettext_noop("A customer cannot be merged into itself."),
    gettext_noop("This customer was already merged into another one."),
    gettext_noop("This merge was already undone."),
    gettext_noop("Undo the later merge of this customer first."),
)
REASONS = {
    "same_mailbox": gettext_lazy("Same mailbox (address written differently)"),
    "same_order": gettext_lazy("Writes about an order this customer placed"),
    "same_name": gettext_lazy("Same full name"),
}


def spent_by_currency(customer) -> list[tuple[str, Decimal]]:
    """Order totals summed per currency (a buyer on amazon.de and amazon.com pays in two), summed by
    the database: a buyer with hundreds of orders is a few rows, not hundreds of order objects."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    rows = Order.objects.filter(customer=customer, total__isnull=False).order_by().values_list("currency").annotate(total=Sum("total"))
    cents = Decimal(1).scaleb(-Order._meta.get_field("total").decimal_places)
    for currency, total in rows:
        sums[currency or ""] += Decimal(total).quantize(cents)  # SQLite sums in floating point: back to the column's places
    return sorted(sums.items())


def newest_orders(customer):
    """A buyer's orders, newest first, read along the index order_customer_newest (no sort)."""
    return Order.objects.filter(customer=customer).order_by("-placed_at", "-created_at", "-id")


@require_GET
@agent_view
def customer(request, pk: int):
    # Merges, erasures and claims are rare: their lists are read only when the customer has some.
    cu = get_object_or_404(
        Customer.objects.select_related("merged_into").prefetch_related("identities").annotate(
            has_merges=Exists(CustomerMerge.objects.filter(target=OuterRef("pk"))),
            has_erasure=Exists(Erasure.objects.filter(customer_id=OuterRef("pk"))),
            has_claims=Exists(Claim.objects.filter(order__customer=OuterRef("pk"))),
        ),
        pk=pk,
    )
    # Each order's shipments and their scans come in two queries for the page, not two per order.
    scans = Prefetch("events", queryset=TrackingEvent.objects.order_by("-at", "-pk"), to_attr="timeline_rows")
    orders = list(
        newest_orders(cu)
        .prefetch_related(Prefetch("shipments", queryset=Shipment.objects.order_by("pk").prefetch_related(scans)))[:LIST_LIMIT]
    )
    claims = list(Claim.objects.filter(order__customer=cu).select_related("order").order_by("-created_at")[:LIST_LIMIT]) if cu.has_claims else []
    conversations = list(
        Conversation.objects.filter(customer=cu).select_related("order").order_by("-last_message_at", "-id")[:LIST_LIMIT]
    )
    merges = list(
        CustomerMerge.objects.filter(target=cu).select_related("source", "merged_by__agent", "undone_by__agent").order_by("-merged_at")
    ) if cu.has_merges else []
    suggested = [
        {"customer": s.customer, "reasons": [labels.label(REASONS, r) for r in s.reasons]} for s in merging.suggestions(cu)
    ] if cu.merged_into_id is None else []
    return render(request, "web/customer.html", {
        "cu": cu,
        "orders": orders,
        "claims": [{"claim": c, "kind": labels.label(labels.CLAIMS, c.kind)} for c in claims],
        "conversations": conversations,
        "spent": spent_by_currency(cu),
        "merges": merges,
        "suggestions": suggested,
        "can_write": can_write(request.user),
        "erasure": Erasure.objects.filter(customer_id=cu.pk).order_by("-erased_at").first() if cu.has_erasure else None,
    })


@require_POST
@agent_view
def merge(request, pk: int):
    """Merge the customer named in the form (`source`) into this one."""
    target = get_object_or_404(Customer, pk=pk)
    try:
        source = Customer.objects.get(pk=int(request.POST.get("source", "")))
    except (ValueError, Customer.DoesNotExist):
        messages.error(request, _("No customer with that number."))
        return redirect("web:customer", pk=pk)
    try:
        merging.merge(target, source, request.user, reason=request.POST.get("reason", ""))
    except ActionError as exc:
        messages.error(request, exc.localised(get_language()))
    else:
        messages.success(request, _("Customer %(source)s merged into this one.") % {"source": source})
    return redirect("web:customer", pk=pk)


@require_POST
@agent_view
def unmerge(request, pk: int):
    done = get_object_or_404(CustomerMerge, pk=pk)
    try:
        merging.unmerge(done, request.user)
    except ActionError as exc:
        messages.error(request, exc.localised(get_language()))
    else:
        messages.success(request, _("Merge undone: %(source)s is a separate customer again.") % {"source": done.source})
    return redirect("web:customer", pk=done.target_id)

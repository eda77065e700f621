"""Order events for the rules, from what one order update changed.

`snapshot` keeps what an order looked like before an update; `emit_order_events` compares and
emits order.created / shipped / delivered / tracking_exception / refunded and return.requested.
A re-delivered platform event changes nothing, so it emits nothing (and a repeated emit finds
its fire: engine.run is once per key).
"""

from __future__ import annotations

from sellerdesk.automation.events import emit

SHIPPED_STATUSES = {"shipped", "fulfilled", "partially_fulfilled", "in_transit", "partiallyshipped"}
DELIVERED = "delivered"
# Carrier and aggregator wordings of "something is wrong with the parcel" (normalised lower-case).
EXCEPTION_STATUSES = {
    "exception", "failure", "failed_attempt", "attempt_fail", "attemptfail", "expired", "returned", "return_to_sender",
    "returned_to_sender", "customs_hold", "held_at_customs", "undeliverable", "lost", "damaged",
}


def snapshot(order) -> dict:
    if order is None:
        return {"status": "", "tracking": {}, "refunds": set(), "returns": set()}
    return {
        "status": (order.status or "").lower(),
        "tracking": {str(t.get("id")): (str(t.get("status") or "").lower(), bool(t.get("number"))) for t in order.tracking or [] if isinstance(t, dict)},
        "refunds": {str(r.get("id")) for r in order.refunds or [] if isinstance(r, dict)},
        "returns": {str(r.get("id")) for r in order.returns or [] if isinstance(r, dict)},
    }


def emit_order_events(order, before: dict, created: bool) -> None:
    after = snapshot(order)
    if created:
        emit("order.created", order=order)
    had_number = any(has for _, has in before["tracking"].values())
    has_number = any(has for _, has in after["tracking"].values())
    status_now = after["status"]
    if (has_number and not had_number) or (status_now in SHIPPED_STATUSES and before["status"] not in SHIPPED_STATUSES | {DELIVERED}):
        emit("order.shipped", order=order)
    newly = {sid: st for sid, (st, _) in after["tracking"].items() if before["tracking"].get(sid, ("", False))[0] != st}
    if (status_now == DELIVERED and before["status"] != DELIVERED) or DELIVERED in newly.values():
        emit("order.delivered", order=order)
    for sid, status in newly.items():
        if status in EXCEPTION_STATUSES:
            emit("order.tracking_exception", order=order, key=f"order.tracking_exception:o{order.pk}:{sid}:{status}",
                 shipment_id=sid, status=status)
    for refund_id in sorted(after["refunds"] - before["refunds"]):
        emit("order.refunded", order=order, refund_id=refund_id)
    for return_id in sorted(after["returns"] - before["returns"]):
        emit("return.requested", order=order, return_id=return_id)

"""/privacy: a buyer's data exported (ZIP) or erased (admins, with an admin-scoped token)."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from django.http import HttpResponse
from ninja import Field, Path, Router, Schema

from sellerdesk.api.auth import require_admin
from sellerdesk.api.errors import NotFound
from sellerdesk.api.schemas import MAX_ID, Error
from sellerdesk.customers.models import Customer
from sellerdesk.privacy import export as exporter
from sellerdesk.privacy.erase import erase
from sellerdesk.privacy.footprint import root_of

router = Router(tags=["privacy"])
CustomerId = Path[Annotated[int, Field(ge=1, le=MAX_ID)]]


class EraseIn(Schema):
    confirm: Literal["erase"] = Field(description='must be "erase": the erasure cannot be undone')


class EraseOut(Schema):
    customer_id: int
    erasure_id: int
    counts: dict


def _customer(customer_id: int) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None:
        raise NotFound(f"Customer {customer_id} not found.")
    return root_of(customer)  # a record merged into another: the buyer is the one it was merged into


@router.get("/customers/{customer_id}/export", response={200: bytes, 401: Error, 403: Error, 404: Error, 422: Error},
            summary="Everything held about one buyer, as a ZIP",
            openapi_extra={"responses": {200: {"description": "ZIP file", "content": {"application/zip": {}}}}})
def export_customer(request, customer_id: CustomerId):
    require_admin(request)
    customer = _customer(customer_id)
    buffer = io.BytesIO()
    exporter.export(customer, buffer, actor=request.user)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(customer)}"'
    return response


@router.post("/customers/{customer_id}/erase", response={200: EraseOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error},
             summary="Erase one buyer's personal data everywhere (cannot be undone)")
def erase_customer(request, customer_id: CustomerId, payload: EraseIn):
    require_admin(request)
    result = erase(_customer(customer_id), actor=request.user)
    counts = {k: v for k, v in result.counts.items() if isinstance(v, int)}
    return {"customer_id": result.customer_id, "erasure_id": result.erasure.pk, "counts": counts}

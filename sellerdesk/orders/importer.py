"""CSV order import for platforms without an order API here (Walmart, or any other).

One row per order line; rows of the same order number are merged into one order with all its
lines. Columns are found by name (case, spaces and punctuation ignored), so the Walmart Seller
Center export and a hand-made sheet both work; only the order number is required. A bad row is
reported with its line number and skipped; the others are imported. Importing the same file
again changes nothing (orders are keyed by platform and number, entries merged by id).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sellerdesk.channels.base import OrderUpdate
from sellerdesk.orders.actions import apply_order_update

# Our field -> the column names it may have. Walmart export names ([U]: "Order#", "PO#",
# "Order Date", "Customer Name", "Qty", "Item Description", "Item Cost", "Carrier",
# "Tracking Number", "Tracking Url", "Status") come first.
COLUMNS = {
    "number": ["order#", "ordernumber", "customerorderid", "orderid", "order", "orderno"],
    "external_id": ["po#", "ponumber", "purchaseorderid", "externalid"],
    "placed_at": ["orderdate", "placedat", "date", "createdat", "purchasedate"],
    "status": ["status", "orderstatus"],
    "buyer_name": ["customername", "buyername", "name", "customer"],
    "email": ["customeremail", "buyeremail", "email"],
    "marketplace": ["marketplace", "country", "site"],
    "currency": ["currency"],
    "total": ["ordertotal", "total", "totalprice", "amount"],
    "sku": ["sku", "sellersku"],
    "title": ["itemdescription", "title", "productname", "item", "product"],
    "quantity": ["qty", "quantity"],
    "price": ["itemcost", "price", "unitprice", "itemprice"],
    "carrier": ["carrier", "trackingcompany", "shippingcarrier"],
    "tracking_number": ["trackingnumber", "tracking"],
    "tracking_url": ["trackingurl"],
}
MAX_ERRORS_SHOWN = 50
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%d.%m.%Y")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not CSV, no order number column)."""


@dataclass
class ImportReport:
    platform: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "line 7: total: 'abc' is not an amount"

    def as_dict(self) -> dict:
        return {"platform": self.platform, "rows": self.rows, "created": self.created, "updated": self.updated, "errors": self.errors}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9#]", "", (name or "").lower())


def _columns(header: list[str]) -> dict[str, int]:
    keys = [_key(h) for h in header]
    found = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in keys:
                found[name] = keys.index(alias)
                break
    return found


def _decimal(value: str, name: str) -> Decimal | None:
    cleaned = re.sub(r"[^\d.,-]", "", value or "")
    if not cleaned:
        return None
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # 12,50
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{name}: {value!r} is not an amount") from None


def _date(value: str) -> dt.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            raise ValueError(f"order date: {value!r} is not a date") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def read_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("the file is neither UTF-8 nor Windows-1252 text")


def import_orders(text: str, platform: str, *, marketplace: str = "") -> ImportReport:
    platform = platform.strip().lower()
    if not re.fullmatch(r"[a-z0-9_-]{2,20}", platform):
        raise ImportFileError(f"platform {platform!r}: use a short name such as walmart, shopify, other")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ImportFileError("the file is empty")
    cols = _columns(rows[0])
    if "number" not in cols:
        raise ImportFileError(f"no order number column; the first line is {', '.join(rows[0])[:200]!r}")
    report = ImportReport(platform=platform)
    orders: dict[str, OrderUpdate] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in cols.items()}
        number = cell["number"]
        if not number:
            report.errors.append(f"line {line_no}: the order number is empty")
            continue
        try:
            update = orders.get(number) or OrderUpdate(platform=platform, number=number, items=[])
            update.external_id = update.external_id or cell.get("external_id", "")
            update.placed_at = update.placed_at or _date(cell.get("placed_at", ""))
            update.status = update.status or cell.get("status", "")[:40]
            update.buyer_name = update.buyer_name or cell.get("buyer_name", "")
            update.marketplace = update.marketplace or (cell.get("marketplace", "") or marketplace)[:10]
            update.currency = update.currency or cell.get("currency", "").upper()[:3]
            total = _decimal(cell.get("total", ""), "total")
            if total is not None:
                update.total = total
            if cell.get("email") and not update.identities:
                update.identities = [("email", cell["email"])]
            if cell.get("sku") or cell.get("title"):
                quantity = cell.get("quantity") or "1"
                if not quantity.isdigit():
                    raise ValueError(f"quantity: {quantity!r} is not a whole number")
                price = _decimal(cell.get("price", ""), "price")
                update.items.append({"sku": cell.get("sku", ""), "title": cell.get("title", ""), "quantity": int(quantity),
                                     "price": str(price) if price is not None else ""})
            if cell.get("tracking_number"):
                update.tracking.append({"id": cell["tracking_number"], "company": cell.get("carrier", ""),
                                        "number": cell["tracking_number"], "url": cell.get("tracking_url", ""), "status": ""})
        except ValueError as exc:
            report.errors.append(f"line {line_no}: {exc}")
            continue
        orders[number] = update
    for number, update in orders.items():
        if update.total is None and update.items and all(i["price"] for i in update.items):
            update.total = sum((Decimal(i["price"]) * i["quantity"] for i in update.items), Decimal(0))
        update.items = update.items or None  # a sheet without item columns leaves the items as they are
        update.tracking = _unique(update.tracking)
        _, created = apply_order_update(update, source=f"csv:{platform}")
        (report.created if created else report.updated).append(number)
    return report


def _unique(entries: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in entries:
        if e["id"] not in seen:
            seen.add(e["id"])
            out.append(e)
    return out

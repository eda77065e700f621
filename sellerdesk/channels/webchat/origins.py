"""CORS for the widget: only the seller's own store domains may call the chat endpoints.

The set-up page lists them (account.config["domains"]). An entry with a scheme is one exact origin
("http://127.0.0.1:8123"); a host name alone allows it over https on any port; "*.shop.example"
allows its subdomains over https. Requests from any other origin are refused before anything is
read or stored, and get no Access-Control-Allow-Origin header, so the browser hides the answer too.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def normalise_entry(entry: str) -> str:
    """The form an entry is stored in; ValueError with a reason when it cannot be an origin."""
    entry = entry.strip().lower().rstrip("/")
    if not entry:
        raise ValueError("empty")
    if "://" in entry:
        parts = urlsplit(entry)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise ValueError(f"{entry}: an origin is scheme://host[:port], without a path")
        return f"{parts.scheme}://{parts.netloc}"
    host = entry.removeprefix("*.")
    if "/" in host or ":" in host or "." not in host and host != "localhost":
        raise ValueError(f"{entry}: a host name like shop.example.com (or *.shop.example.com)")
    return entry


def allowed(origin: str, entries: list[str]) -> bool:
    origin = (origin or "").strip().lower()
    parts = urlsplit(origin)
    if not parts.scheme or not parts.hostname:
        return False
    for entry in entries:
        if "://" in entry:
            if origin == entry:
                return True
        elif parts.scheme == "https":
            if entry.startswith("*."):
                if parts.hostname.endswith(entry[1:]):
                    return True
            elif parts.hostname == entry:
                return True
    return False


def cors_headers(response, origin: str, *, preflight: bool = False):
    response["Access-Control-Allow-Origin"] = origin
    response["Vary"] = "Origin"
    if preflight:
        response["Access-Control-Allow-Methods"] = "GET, POST"
        response["Access-Control-Allow-Headers"] = "Content-Type, Last-Event-ID"
        response["Access-Control-Max-Age"] = "600"
    return response

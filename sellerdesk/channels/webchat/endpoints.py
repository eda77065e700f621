"""The widget's endpoints under /chat/: the script itself, then per chat account its settings, a
visitor's start, who they are, their messages and photos, the live stream of answers, and files an
agent sent. Called from the seller's store (another origin): CORS limited to the account's domains
(origins.py), no cookie read or set — the visitor's token comes with each call (tokens.py).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt

from sellerdesk.audit.origin import client_ip
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.webchat import origins, presence, ratelimit, tokens, visitors
from sellerdesk.channels.webchat.live import FIELDS, hub, row_dict
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.channels.webchat.texts import language_of, say
from sellerdesk.lib import clock
from sellerdesk.web.uploads import refused, upload_limit

WIDGET = Path(__file__).parent / "static" / "webchat" / "widget.js"
PHOTO_TYPES = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n", "image/gif": b"GIF8", "image/webp": b"RIFF"}
MAX_TEXT = 5000


def _error(status: int, text: str, **extra) -> JsonResponse:
    return JsonResponse({"error": text, **extra}, status=status)


def _own_origin(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def chat_endpoint(view):
    """Finds the chat account, refuses other origins, answers preflights, adds the CORS headers."""
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, account_id: int, *args, **kwargs):
        account = ChannelAccount.objects.filter(pk=account_id, kind="webchat", is_active=True).first()
        if account is None:
            raise Http404("no such chat")
        origin = request.headers.get("Origin", "")
        same_site = not origin and request.headers.get("Sec-Fetch-Site") == "same-origin"
        if not same_site and origin != _own_origin(request) and not origins.allowed(origin, (account.config or {}).get("domains", [])):
            return _error(403, "this site may not use this chat: add its domain on the chat's set-up page")
        if request.method == "OPTIONS":
            return origins.cors_headers(HttpResponse(status=204), origin, preflight=True)
        response = view(request, account, *args, **kwargs)
        return origins.cors_headers(response, origin) if origin else response
    return wrapper


def _visitor(request, account) -> ChatVisitor | None:
    key = tokens.read(account.pk, request.POST.get("t") or request.GET.get("t", ""))
    visitor = ChatVisitor.objects.filter(key=key, account=account).first() if key else None
    if visitor is not None:
        visitor.account = account  # the row read already, not read again through the visitor
    return visitor


def _over_limit(scope: str, key: str, limit: int) -> JsonResponse | None:
    if ratelimit.hit(scope, key, limit):
        return None
    response = _error(429, "too many messages: wait a minute", code="rate")
    response["Retry-After"] = "60"
    return response


# --- the script --------------------------------------------------------------------------------

@functools.cache
def _widget() -> tuple[bytes, bytes, str]:
    plain = WIDGET.read_bytes()
    return plain, gzip.compress(plain, 9, mtime=0), hashlib.sha256(plain).hexdigest()[:16]


def widget_js(request):
    plain, packed, etag = _widget()
    if request.headers.get("If-None-Match") == f'"{etag}"':
        return HttpResponse(status=304)
    use_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(packed if use_gzip else plain, content_type="text/javascript; charset=utf-8")
    if use_gzip:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["ETag"] = f'"{etag}"'
    response["Cache-Control"] = "public, max-age=3600"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


# --- per account -------------------------------------------------------------------------------

@chat_endpoint
def config(request, account):
    language = language_of(request.GET.get("lang", ""))
    conf = account.config or {}
    return JsonResponse({
        "language": language,
        "greeting": conf.get("greeting") or say("greeting", language),
        "offline_message": conf.get("offline_message") or say("offline", language),
        "online": presence.agents_online(),
        "photo_max_bytes": settings.WEBCHAT_PHOTO_MAX_BYTES,
        "title": conf.get("title") or account.name,
    })


@chat_endpoint
def start(request, account):
    if request.method != "POST":
        return _error(405, "POST only")
    limited = _over_limit("ip", client_ip(request) or "?", settings.WEBCHAT_IP_PER_MINUTE)
    if limited:
        return limited
    visitor, token = visitors.start(account, request.POST.get("lang", ""))
    return JsonResponse({"token": token}, status=201)


@chat_endpoint
def identify(request, account):
    if request.method != "POST":
        return _error(405, "POST only")
    visitor = _visitor(request, account)
    if visitor is None:
        return _error(401, "unknown visitor: start again", code="visitor")
    email, order = request.POST.get("email", "").strip(), request.POST.get("order", "").strip()
    if email and ("@" not in email or len(email) > 254 or any(c.isspace() for c in email)):
        return _error(400, "email: not an email address", field="email")
    if len(order) > 64:
        return _error(400, "order: at most 64 characters", field="order")
    if not email and not order:
        return _error(400, "give an email or an order number", field="email")
    return JsonResponse(visitors.identify(visitor, email=email, order_number=order))


def _photo(request) -> tuple[tuple[str, str, bytes] | None, JsonResponse | None]:
    if refused(request):
        return None, _error(413, f"photo: larger than {settings.WEBCHAT_PHOTO_MAX_BYTES // 1048576} MB", field="photo", code="size")
    upload = request.FILES.get("photo")
    if upload is None:
        return None, None
    data = upload.read()
    kind = next((t for t, magic in PHOTO_TYPES.items() if data.startswith(magic)), None)
    if kind == "image/webp" and data[8:12] != b"WEBP":
        kind = None
    if kind is None:
        return None, _error(415, "photo: only JPEG, PNG, GIF or WebP pictures", field="photo", code="type")
    return (upload.name or "photo", kind, data), None


@chat_endpoint
@upload_limit(lambda: settings.WEBCHAT_PHOTO_MAX_BYTES)
def messages(request, account):
    if request.method != "POST":
        return _error(405, "POST only")
    visitor = _visitor(request, account)
    if visitor is None:
        return _error(401, "unknown visitor: start again", code="visitor")
    limited = (_over_limit("visitor", visitor.key, settings.WEBCHAT_VISITOR_PER_MINUTE)
               or _over_limit("ip", client_ip(request) or "?", settings.WEBCHAT_IP_PER_MINUTE))
    if limited:
        return limited
    text = request.POST.get("text", "").strip()
    if len(text) > MAX_TEXT:
        return _error(400, f"text: at most {MAX_TEXT} characters", field="text")
    photo, problem = _photo(request)
    if problem:
        return problem
    if not text and photo is None:
        return _error(400, "text: empty", field="text")
    client_id = request.POST.get("id", "")[:40]
    line, created = visitors.post(visitor, client_id=client_id, text=text, language=request.POST.get("lang", ""),
                                  page=request.POST.get("page", ""), photo=photo)
    row = {field: getattr(line, field) for field in FIELDS}  # as stored: the line was just written or read
    return JsonResponse({"line": row_dict(row), "duplicate": not created}, status=202 if created else 200)


def _event(line: dict, visitor_key: str) -> bytes:
    files = [dict(f, s=tokens.file_token(visitor_key, f["id"])) if "id" in f else f for f in line["files"]]
    data = json.dumps(dict(line, files=files), ensure_ascii=False)
    return f"id: {line['id']}\ndata: {data}\n\n".encode()


class Lines:
    """The body of one stream. close() (called by the web server when the response ends or the
    browser goes away, even if iteration never started) gives back the stream's slot."""

    def __init__(self, visitor_key: str, after: int, backlog: list[dict], waiter):
        self.key, self.after, self.backlog, self.waiter = visitor_key, after, backlog, waiter
        self.closed = False

    def __iter__(self):
        yield f"retry: {1000 if self.waiter else 3000}\n\n".encode()
        for line in self.backlog:
            yield _event(line, self.key)
        if self.waiter is None:
            return
        stop = time.monotonic() + settings.WEBCHAT_STREAM_SECONDS
        while (left := stop - time.monotonic()) > 0:
            new = self.waiter.take(min(left, 15))
            for line in new:
                if line["id"] > self.after:
                    yield _event(line, self.key)
            if not new:
                yield b": ping\n\n"  # keeps proxies from closing an idle stream; finds a closed one

    def close(self):
        if not self.closed and self.waiter is not None:
            hub.leave(self.waiter)
            hub.close()
        self.closed = True


@chat_endpoint
def stream(request, account):
    """Server-sent events: the transcript after `after` (or Last-Event-ID), then new lines as they
    come, for SELLERDESK_WEBCHAT_STREAM_SECONDS; the browser then reconnects and resumes. Past the
    stream budget the answer holds only what is there and asks the browser to come back later:
    the same client code then polls."""
    visitor = _visitor(request, account)
    if visitor is None:
        return _error(401, "unknown visitor: start again", code="visitor")
    try:
        after = int(request.headers.get("Last-Event-ID") or request.GET.get("after") or 0)
    except ValueError:
        after = 0
    waiter = hub.join(visitor.pk) if hub.try_open() else None  # joined before the backlog is read: nothing falls between
    try:
        ChatVisitor.objects.filter(pk=visitor.pk).update(last_seen_at=clock.now())
        backlog = [row_dict(r) for r in ChatEvent.objects.filter(visitor=visitor, id__gt=after).order_by("id").values(*FIELDS)[:500]]
    except Exception:
        Lines(visitor.key, after, [], waiter).close()
        raise
    if waiter is not None:
        waiter.sent.update(line["id"] for line in backlog)
    if not connection.in_atomic_block:
        connection.close()  # a waiting stream holds a thread, not a database connection
    response = StreamingHttpResponse(Lines(visitor.key, after, backlog, waiter), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each line on at once
    return response


@chat_endpoint
def attachment(request, account, attachment_id: int):
    """A file an agent sent this visitor (the widget links it with a per-file token)."""
    from sellerdesk.conversations.models import Attachment
    from sellerdesk.lib.contenttype import safe

    visitor = _visitor(request, account)
    if visitor is None or not tokens.file_allowed(visitor.key, attachment_id, request.GET.get("s", "")):
        raise Http404("no such file")
    att = Attachment.objects.filter(pk=attachment_id, message__conversation__thread_key=f"webchat:{visitor.key}",
                                    message__direction="out").first()
    if att is None:
        raise Http404("no such file")
    response = HttpResponse(bytes(att.data), content_type=safe(att.content_type))
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response

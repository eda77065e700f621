"""POST /hooks/<channel>/<account id>/ — the one HTTP entry for platform webhooks.

Answers fast: the delivery is stored and its processing queued (sellerdesk.channels.webhooks).
No session, no CSRF: the platform's signature is the authentication.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.registry import get_receiver, receivers
from sellerdesk.channels.webhooks import HttpDelivery, count_rejection, receive


def _limited_body(request) -> bytes | None:
    """The body, or None if it is larger than SELLERDESK_WEBHOOK_MAX_BYTES (not read past the limit)."""
    limit = settings.WEBHOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    body = request.read(limit + 1)
    return None if len(body) > limit else body


def request_headers(request) -> dict[str, str]:
    """The headers as sent (Title-Case names), from the WSGI environ."""
    headers = {k: v for k, v in request.headers.items()}
    headers.pop("Cookie", None)
    return headers


@csrf_exempt
@require_http_methods(["GET", "POST"])
def hook(request, channel: str, account_id: int):
    if channel not in receivers():
        raise Http404("no such channel")
    account = ChannelAccount.objects.filter(pk=account_id, kind=channel, is_active=True).first()
    if account is None:
        raise Http404("no such account")
    body = _limited_body(request)
    if body is None:
        count_rejection(account)
        return JsonResponse({"error": f"too large: a delivery may have at most {settings.WEBHOOK_MAX_BYTES} bytes"}, status=400)
    delivery = HttpDelivery(
        body=body,
        headers=request_headers(request),
        query={k: request.GET[k] for k in request.GET},
        url=request.build_absolute_uri(request.path),
    )
    if request.method == "GET":
        outcome = get_receiver(channel).challenge(account, delivery)
    else:
        outcome = get_receiver(channel).answer(receive(account, delivery))
    if outcome.text is not None:
        return HttpResponse(outcome.text, status=outcome.status, content_type="text/plain; charset=utf-8")
    if outcome.payload is not None:
        return JsonResponse(outcome.payload, status=outcome.status)
    if outcome.status != 200:
        response = JsonResponse({"error": outcome.error}, status=outcome.status)
        if outcome.status == 429:
            response["Retry-After"] = "60"
        return response
    return JsonResponse({"ok": True, "delivery": outcome.raw.pk, "duplicate": not outcome.created})

"""POST /hooks/<channel>/<account id>/ — the one HTTP entry for platform webhooks.

Answers fast: the delivery is stored and its processing queued (sellerdesk.channels.webhooks).
No session, no CSRF: the platform's signature is the authentication.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.registry import RECEIVERS, get_receiver
from sellerdesk.channels.webhooks import HttpDelivery, receive


def request_headers(request) -> dict[str, str]:
    """The headers as sent (Title-Case names), from the WSGI environ."""
    headers = {k: v for k, v in request.headers.items()}
    headers.pop("Cookie", None)
    return headers


@csrf_exempt
@require_http_methods(["GET", "POST"])
def hook(request, channel: str, account_id: int):
    if channel not in RECEIVERS:
        raise Http404("no such channel")
    account = ChannelAccount.objects.filter(pk=account_id, kind=channel, is_active=True).first()
    if account is None:
        raise Http404("no such account")
    delivery = HttpDelivery(
        body=request.body,
        headers=request_headers(request),
        query={k: request.GET[k] for k in request.GET},
        url=request.build_absolute_uri(request.path),
    )
    if request.method == "GET":
        outcome = get_receiver(channel).challenge(account, delivery)
    else:
        outcome = receive(account, delivery)
    if outcome.payload is not None:
        return JsonResponse(outcome.payload, status=outcome.status)
    if outcome.status != 200:
        return JsonResponse({"error": outcome.error}, status=outcome.status)
    return JsonResponse({"ok": True, "delivery": outcome.raw.pk, "duplicate": not outcome.created})

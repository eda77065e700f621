"""SP-API calls with a Login with Amazon (LWA) access token.

Facts (docs/channels.md, Platform facts → Amazon):
calls carry the LWA token in `x-amz-access-token`; hosts are
sellingpartnerapi-{na|eu|fe}.amazon.com [C]; Orders `GET /orders/v0/orders/{id}`, `/orderItems`,
`/buyerInfo` [C]; Messaging `GET /messaging/v1/orders/{id}?marketplaceIds=X` lists the allowed
actions as HAL links, `POST …/messages/{action}?marketplaceIds=X` sends one ({"text"} body [U]);
Solicitations `GET /solicitations/v1/orders/{id}` and `POST …/solicitations/
productReviewAndSellerFeedback?marketplaceIds=X` [V]; 1 req/s, burst 5, `x-amzn-RateLimit-Limit` [V].

Assumed ([U]): the LWA token endpoint (`POST https://api.amazon.com/auth/o2/token`, form
grant_type=refresh_token, refresh_token, client_id, client_secret → {"access_token",
"expires_in"}; errors {"error", "error_description"}); errors as {"errors": [{"code", "message",
"details"}]}; an expired token answered 403 "Unauthorized" with "expired" in the message (401 too);
marketplace ids and regions in MARKETPLACES.
"""

from __future__ import annotations

from urllib.parse import quote

import httpx
from django.conf import settings

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError
from sellerdesk.channels.connectiontest import Failed, renew
from sellerdesk.lib import clock

# Store -> (MarketplaceId, SP-API region) [U: from Amazon's published table, not re-read].
MARKETPLACES = {
    "US": ("ATVPDKIKX0DER", "na"), "CA": ("A2EUQ1WTGCTBG2", "na"), "MX": ("A1AM78C64UM0Y8", "na"),
    "BR": ("A2Q3Y263D00KWC", "na"), "UK": ("A1F83G8C2ARO7P", "eu"), "DE": ("A1PA6795UKMFR9", "eu"),
    "FR": ("A13V1IB3VIYZZH", "eu"), "IT": ("APJ6JRA9NG5V4", "eu"), "ES": ("A1RKKUPIHCS9HS", "eu"),
    "NL": ("A1805IZSGTT6HS", "eu"), "SE": ("A2NODRKZP88ZB9", "eu"), "PL": ("A1C3SOZRARQ6R3", "eu"),
    "BE": ("AMEN7PMS3EDWL", "eu"), "TR": ("A33AVAJ2PDY3EV", "eu"), "AE": ("A2VIGQ35RCS4UG", "eu"),
    "SA": ("A17E79C6D8DWNP", "eu"), "IN": ("A21TJRUUN4KGV", "eu"), "JP": ("A1VC38T7YXB528", "fe"),
    "AU": ("A39IBJ37TRP1C6", "fe"), "SG": ("A19VAU5U5O7RUS", "fe"),
}
REVIEW = "productReviewAndSellerFeedback"


class SpApiClient(ApiClient):
    label = "Amazon SP-API"

    def __init__(self, account, **kwargs):
        super().__init__(account, **kwargs)
        market = (self.config.get("marketplace") or account.marketplace or "").upper()
        known_id, region = MARKETPLACES.get(market, ("", "na"))
        self.marketplace_id = self.config.get("marketplace_id") or known_id
        self.endpoint = (self.config.get("endpoint") or settings.AMAZON_SPAPI_ENDPOINT
                         or f"https://sellingpartnerapi-{region}.amazon.com").rstrip("/")
        self.lwa_url = self.config.get("lwa_url") or settings.AMAZON_LWA_TOKEN_URL
        self.require({"LWA client id": self.creds.get("client_id"), "LWA client secret": self.creds.get("client_secret"),
                      "refresh token": self.creds.get("refresh_token"), "marketplace id": self.marketplace_id})

    # --- ApiClient hooks ------------------------------------------------------------------------
    def fetch_token(self) -> tuple[str, int, str]:
        response = self.request("POST", self.lwa_url, data={
            "grant_type": "refresh_token", "refresh_token": self.creds["refresh_token"],
            "client_id": self.creds["client_id"], "client_secret": self.creds["client_secret"]})
        payload = json_of(response)
        payload = payload if isinstance(payload, dict) else {}
        if response.status_code != 200:
            raise PermanentSendError(f"Amazon LWA token refresh refused: HTTP {response.status_code}: "
                                     f"{payload.get('error', '')} {payload.get('error_description', '')}".strip())
        expires_at = int(clock.now().timestamp()) + int(payload.get("expires_in") or 3600)
        return payload.get("access_token", ""), expires_at, payload.get("refresh_token", "")

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        return {**kwargs, "headers": {**kwargs.get("headers", {}), "x-amz-access-token": token}}

    def token_expired(self, response: httpx.Response) -> bool:
        if response.status_code == 401:
            return True
        return response.status_code == 403 and "expired" in self.error_message(response).lower()

    def throttle_wait(self, response: httpx.Response) -> float | None:
        if response.status_code != 429:
            return None
        if "Retry-After" in response.headers:
            return super().throttle_wait(response)
        # No Retry-After: wait one token of the rate Amazon reports (1 req/s for messaging).
        try:
            return 1.0 / max(0.01, float(response.headers.get("x-amzn-RateLimit-Limit", "1")))
        except ValueError:
            return 1.0

    def error_message(self, response: httpx.Response) -> str:
        payload = json_of(response)
        errors = payload.get("errors") if isinstance(payload, dict) else None
        if isinstance(errors, list) and errors:
            return "; ".join(f"{e.get('code', '')}: {e.get('message', '')}".strip(": ") for e in errors if isinstance(e, dict))
        return response.text[:200]

    # --- calls ----------------------------------------------------------------------------------
    def _json(self, method: str, path: str, what: str, *, ok=(200,), **kwargs) -> dict:
        response = self.call(method, self.endpoint + path, **kwargs)
        if response.status_code not in ok:
            raise self.refused(response, what)
        payload = json_of(response)
        return payload if isinstance(payload, dict) else {}

    def get_order(self, order_id: str) -> dict:
        return self._json("GET", f"/orders/v0/orders/{quote(order_id)}", "getOrder").get("payload") or {}

    def get_order_items(self, order_id: str) -> list[dict]:
        items, params = [], {}
        for _page in range(20):  # NextToken pages; an order has far fewer
            payload = self._json("GET", f"/orders/v0/orders/{quote(order_id)}/orderItems", "getOrderItems", params=params).get("payload") or {}
            items.extend(payload.get("OrderItems") or [])
            if not payload.get("NextToken"):
                break
            params = {"NextToken": payload["NextToken"]}
        return items

    def get_buyer_info(self, order_id: str) -> dict | None:
        """The buyer's alias and name, or None when the app's role does not grant it (403)."""
        response = self.call("GET", self.endpoint + f"/orders/v0/orders/{quote(order_id)}/buyerInfo")
        if response.status_code == 403:
            return None
        if response.status_code != 200:
            raise self.refused(response, "getOrderBuyerInfo")
        return (json_of(response) or {}).get("payload") or {}

    def messaging_actions(self, order_id: str) -> list[str]:
        data = self._json("GET", f"/messaging/v1/orders/{quote(order_id)}", "getMessagingActionsForOrder",
                          params={"marketplaceIds": self.marketplace_id})
        return _action_names(data)

    def send_message(self, order_id: str, action: str, text: str) -> None:
        self._json("POST", f"/messaging/v1/orders/{quote(order_id)}/messages/{quote(action)}", action, ok=(200, 201),
                   params={"marketplaceIds": self.marketplace_id}, json={"text": text})

    def solicitation_actions(self, order_id: str) -> list[str]:
        data = self._json("GET", f"/solicitations/v1/orders/{quote(order_id)}", "getSolicitationActionsForOrder",
                          params={"marketplaceIds": self.marketplace_id})
        return _action_names(data)

    def request_review(self, order_id: str) -> None:
        self._json("POST", f"/solicitations/v1/orders/{quote(order_id)}/solicitations/{REVIEW}", "createProductReviewAndSellerFeedbackSolicitation",
                   ok=(200, 201), params={"marketplaceIds": self.marketplace_id})


def _action_names(data: dict) -> list[str]:
    """Action names from the HAL links ({"_links": {"actions": [{"href", "name"}]}})."""
    actions = ((data.get("_links") or {}).get("actions")) or []
    names = []
    for link in actions:
        name = link.get("name") or link.get("href", "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if name and name not in names:
            names.append(name)
    return names


def check_connection(account) -> str:
    """"Test connection": the LWA token renewed and the seller's marketplaces read; ours must be among them."""
    client = SpApiClient(account, sleep=lambda s: None)
    client.max_tries = 1
    note = renew(client)
    response = client.call("GET", client.endpoint + "/sellers/v1/marketplaceParticipations")
    if response.status_code != 200:
        raise client.refused(response, "getMarketplaceParticipations")
    rows = (json_of(response) or {}).get("payload") or []
    ids = {str((r.get("marketplace") or {}).get("id", "")): str((r.get("marketplace") or {}).get("countryCode", "")) for r in rows if isinstance(r, dict)}
    if client.marketplace_id not in ids:
        raise Failed(f"Amazon SP-API: this seller does not sell in marketplace {client.marketplace_id} (it sells in {', '.join(sorted(ids)) or 'none'})")
    return f"Amazon SP-API ok: {note}, marketplaces {', '.join(sorted(filter(None, ids.values())))}"

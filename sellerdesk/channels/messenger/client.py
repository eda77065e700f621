"""Graph API for Messenger and Instagram: Send API (text, files), profiles, files, the page's details.

Facts (docs/channels.md, Platform facts → Messenger and Instagram):
- Authorization: Bearer <Page access token>. Meta issues it with the page's permissions; it
  cannot be renewed from here: error 190 means a new one must be generated.
- POST {graph}/me/messages {"recipient": {"id"}, "messaging_type": "RESPONSE" | "MESSAGE_TAG",
  "tag": "HUMAN_AGENT"?, "message": {"text", "metadata"}} -> {"recipient_id", "message_id"}.
  A file goes as multipart: recipient, messaging_type, message {"attachment": {"type",
  "payload": {"is_reusable": false}}} and filedata (Instagram: [U]).
- Errors are {"error": {"message", "type", "code", "error_subcode", "is_transient"}}.
  Rate limits: HTTP 429, or codes 4, 17, 32, 613, 80006, or is_transient (retried after a
  pause); 5xx: retried with back-off. Permanent errors (shown on the conversation): 190 token expired or
  revoked; 10 with subcode 2018278 (older 2018065) outside the reply window; 551 the person
  cannot be reached; 200 / 10 permission missing; 100 invalid parameter (e.g. an unknown
  recipient).
- GET {graph}/{id}?fields=first_name,last_name (Messenger) or name,username (Instagram): the
  buyer's profile, when the buyer's privacy settings allow it.
- GET {graph}/me?fields=id,name,instagram_business_account{id,username}; GET
  {graph}/me/subscribed_apps -> which fields the page sends to the app.
- Attachment URLs in webhooks are plain (signed, expiring) CDN links: fetched without a token.
"""

from __future__ import annotations

import json

import httpx

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError
from sellerdesk.channels.messenger import payloads
from sellerdesk.channels.payloadcheck import read_answer

DEFAULT_GRAPH = "https://graph.facebook.com/v21.0"
RATE_LIMIT_CODES = {4, 17, 32, 613, 80006}
RATE_LIMIT_WAIT = 5.0  # seconds, when Meta names no Retry-After
WINDOW_SUBCODES = {2018278, 2018065}
MEANINGS = {
    190: "the Page access token expired or was revoked: generate a new one (Meta app dashboard) and enter it on the set-up page",
    551: "this person cannot be reached (they blocked the page or left Messenger/Instagram)",
    200: "the app lacks a permission (pages_messaging, instagram_manage_messages) or the page's MESSAGE task",
    100: "Meta refused a parameter (an unknown recipient, a file it cannot take)",
}
WINDOW_MEANING = ("outside the reply window: Meta accepts replies within 24 h of the buyer's last message, "
                  "up to 7 days with the HUMAN_AGENT tag where the app has it")
TEXT_LIMIT = {"messenger": 2000, "instagram": 1000}  # characters per message [U for Instagram: 1000 bytes]


def graph_error(response: httpx.Response) -> payloads.GraphError | None:
    data = json_of(response)
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        try:
            return payloads.ErrorAnswer.model_validate(data).error
        except ValueError:
            return None
    return None


def meaning(error: payloads.GraphError | None) -> str:
    if error is None:
        return ""
    if error.code == 10 and (error.error_subcode in WINDOW_SUBCODES or "window" in error.message.lower()):
        return WINDOW_MEANING
    if error.code == 10:
        return MEANINGS[200]
    return MEANINGS.get(error.code or 0, "")


def attachment_type(content_type: str) -> str:
    major = content_type.split("/")[0]
    return major if major in ("image", "video", "audio") else "file"


class GraphClient(ApiClient):
    def __init__(self, account, **kwargs):
        self.label = "Instagram" if account.kind == "instagram" else "Messenger"
        super().__init__(account, **kwargs)
        self.graph = (self.config.get("graph_base") or DEFAULT_GRAPH).rstrip("/")
        self.require({"Page access token": self.creds.get("page_access_token")})

    # --- ApiClient hooks ------------------------------------------------------------------------
    def access_token(self) -> str:
        return self.creds["page_access_token"]

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        # In a header, not in the URL (?access_token=), so it never lands in a log line.
        return {**kwargs, "headers": {**kwargs.get("headers", {}), "Authorization": f"Bearer {token}"}}

    def token_expired(self, response: httpx.Response) -> bool:
        return False  # a Page token cannot be renewed from here: 190 is refused with what to do

    def throttle_wait(self, response: httpx.Response) -> float | None:
        error = graph_error(response)
        if response.status_code != 429 and not (error is not None and (error.code in RATE_LIMIT_CODES or error.is_transient)):
            return None
        try:
            return max(0.0, float(response.headers["Retry-After"]))
        except (KeyError, ValueError):
            return RATE_LIMIT_WAIT

    def error_message(self, response: httpx.Response) -> str:
        error = graph_error(response)
        if error is None:
            return super().error_message(response)
        code = f"(#{error.code}{f'/{error.error_subcode}' if error.error_subcode else ''}) " if error.code is not None else ""
        said = meaning(error)
        return f"{code}{error.message}" + (f" — {said}" if said else "")

    def refused(self, response: httpx.Response, what: str) -> PermanentSendError:
        error = graph_error(response)
        if error is not None and error.code == 190:
            note_token_refused(self.account, self.error_message(response))
        return super().refused(response, what)

    def checked(self, response: httpx.Response, what: str) -> httpx.Response:
        """The response when it is a success, else the refusal with Meta's code and what it means."""
        if response.status_code == 200:
            return response
        raise self.refused(response, what)

    # --- sending --------------------------------------------------------------------------------
    def send_text(self, recipient: str, text: str, window: dict, metadata: str = "") -> str:
        """The message's mid."""
        message = {"text": text, **({"metadata": metadata} if metadata else {})}
        body = {"recipient": {"id": recipient}, **window, "message": message}
        response = self.checked(self.call("POST", f"{self.graph}/me/messages", json=body), "send")
        return read_answer(payloads.SendAnswer, json_of(response), f"{self.label} send answer").message_id

    def send_file(self, recipient: str, filename: str, content_type: str, data: bytes, window: dict, metadata: str = "") -> str:
        message = {"attachment": {"type": attachment_type(content_type), "payload": {"is_reusable": False}},
                   **({"metadata": metadata} if metadata else {})}
        form = {"recipient": json.dumps({"id": recipient}), "message": json.dumps(message),
                **{k: v for k, v in window.items()}}
        response = self.checked(self.call("POST", f"{self.graph}/me/messages", data=form,
                                          files={"filedata": (filename, data, content_type)}), f"file {filename}")
        return read_answer(payloads.SendAnswer, json_of(response), f"{self.label} send answer").message_id

    # --- reading --------------------------------------------------------------------------------
    def profile(self, user_id: str) -> payloads.Profile:
        fields = "name,username" if self.account.kind == "instagram" else "first_name,last_name"
        response = self.checked(self.call("GET", f"{self.graph}/{user_id}", params={"fields": fields}), "profile")
        return read_answer(payloads.Profile, json_of(response), f"{self.label} profile")

    def download(self, url: str) -> tuple[bytes, str]:
        """(data, content type) of a file the buyer sent; the URL carries its own signature."""
        response = self.request("GET", url)
        if response.status_code != 200:
            raise PermanentSendError(f"{self.label} file download refused: HTTP {response.status_code}"
                                     + (" (the link expired)" if response.status_code in (403, 404, 410) else ""))
        return response.content, response.headers.get("Content-Type", "application/octet-stream").split(";")[0].strip()

    def check_connection(self) -> str:
        """What "Test connection" says: the page (and Instagram account), and the fields it sends us."""
        fields = "id,name,instagram_business_account{id,username}" if self.account.kind == "instagram" else "id,name"
        page = read_answer(payloads.Page, json_of(self.checked(self.call("GET", f"{self.graph}/me", params={"fields": fields}), "page")),
                           f"{self.label} page")
        address = self.account.address
        if self.account.kind == "instagram":
            ig = page.instagram_business_account
            if ig is None:
                raise PermanentSendError(f"Instagram: page {page.name} ({page.id}) has no Instagram professional account linked")
            if address and ig.id != address:
                raise PermanentSendError(f"Instagram: the token's page is linked to Instagram account {ig.id}, this account is {address}")
            text = f"Instagram ok: @{ig.username} ({ig.id}) through page {page.name}"
        else:
            if address and page.id != address:
                raise PermanentSendError(f"Messenger: the token belongs to page {page.id}, this account is {address}")
            text = f"Messenger ok: page {page.name} ({page.id})"
        apps = read_answer(payloads.SubscribedApps,
                           json_of(self.checked(self.call("GET", f"{self.graph}/me/subscribed_apps"), "subscribed apps")),
                           f"{self.label} subscribed apps")
        sent = {f for app in apps.data for f in app.subscribed_fields}
        missing = [f for f in ("messages", "message_echoes", "message_reads", "messaging_postbacks") if f not in sent]
        if not apps.data:
            return text + "; but the page is not subscribed to the app: no webhooks will come"
        if self.account.kind == "instagram":  # its fields are chosen on the app's Instagram webhook, not listed here
            return text + "; the page is subscribed to the app"
        if missing:
            return text + f"; the page does not send: {', '.join(missing)}"
        return text + "; webhooks subscribed: " + ", ".join(sorted(sent))


def note_token_refused(account, error: str) -> None:
    """A refused Page token is the account's problem, shown on the Channels page."""
    from sellerdesk.channels.models import ChannelAccount

    ChannelAccount.objects.filter(pk=account.pk).update(last_error=error[:1000])

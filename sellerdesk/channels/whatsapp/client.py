"""WhatsApp Cloud API through the Graph API: messages, media, templates, the phone number's details.

Facts (docs/channels.md, Platform facts → WhatsApp):
- Every call: Authorization: Bearer <access token> (a system user's token from Business Settings;
  it cannot be renewed from here, so a refused token — code 190 — says what to do).
- POST /{phone number id}/messages {"messaging_product": "whatsapp", "to", "type", ...} ->
  {"messages": [{"id": "wamid…"}]}: the id that later status callbacks name.
- POST /{phone number id}/media (multipart: messaging_product, type, file) -> {"id"}: the media
  id a message of type image / video / audio / document then names.
- GET /{media id} -> {"url", "mime_type", ...}; GET that url with the same bearer token: the file.
- GET /{WABA id}/message_templates -> {"data": [{name, language, status, category,
  components}], "paging": {"next"}}: the approved templates are the ones that can be sent.
- GET /{phone number id} -> {display_phone_number, verified_name, quality_rating}.
- Errors: {"error": {"message", "type", "code", "error_subcode", "error_data": {"details"}}}.
  Rate limits (HTTP 429, or codes 4, 80007, 130429, 131056) wait and retry; 5xx and the
  temporary codes (1, 2, 131000, 131016) retry; the permanent errors below are shown on the reply.
"""

from __future__ import annotations

import httpx

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import PermanentSendError
from sellerdesk.channels.payloadcheck import read_answer
from sellerdesk.channels.whatsapp import payloads

GRAPH_BASE = "https://graph.facebook.com"
GRAPH_VERSION = "v21.0"  # [U] any current version takes these calls; config api_version overrides
MAX_TEXT = 4096
TOKEN_INVALID = 190
# Throttled: wait, then try again. [C] 130429 throughput, 131056 pair rate; [U] 4 and 80007.
RATE_LIMITED = {4: 10.0, 80007: 10.0, 130429: 5.0, 131056: 6.0}
# Temporary trouble at Meta, retried like a 5xx [U].
TEMPORARY = {1, 2, 131000, 131016}
# Permanent errors with what the agent should know ([C] for 131047; the others [U]).
PERMANENT = {
    131047: "more than 24 hours have passed since the buyer's last message: only an approved template can reach them now",
    131026: "the message could not be delivered to this number (no WhatsApp account, an old app version, or the buyer has not accepted the terms)",
    131051: "WhatsApp does not take this kind of message",
    131052: "WhatsApp could not download the buyer's file",
    131053: "WhatsApp could not take the file we uploaded (type or size)",
    131049: "Meta held back this marketing message to keep the buyer's experience good",
    131048: "the number is limited for spam reports: fewer messages for a while",
    131031: "the WhatsApp business account is locked",
    131021: "the recipient is the sending number itself",
    132000: "the template's variables do not match its text (count)",
    132001: "the template does not exist in this language, or is not approved",
    132005: "the template's text is too long once the variables are filled in",
    132007: "the template's content breaks WhatsApp's policy",
    132015: "the template is paused for low quality",
    132016: "the template is disabled",
    368: "the number is temporarily blocked for policy violations",
    100: "a parameter was refused",
}
MEDIA_KINDS = {"image/jpeg": "image", "image/png": "image", "video/mp4": "video", "video/3gpp": "video",
               "audio/aac": "audio", "audio/mp4": "audio", "audio/mpeg": "audio", "audio/amr": "audio", "audio/ogg": "audio"}


def error_of(response: httpx.Response) -> payloads.Error | None:
    payload = json_of(response)
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        try:
            return payloads.Error.model_validate(payload["error"])
        except ValueError:
            return None
    return None


def meaning(code: int | None) -> str:
    return PERMANENT.get(code, "") if code is not None else ""


def describe(error: payloads.Error) -> str:
    """"131047 Re-engagement message: <what it means>" as shown under a reply."""
    details = str((error.error_data or {}).get("details") or "")
    text = " ".join(str(p) for p in (error.code, error.title or error.message) if p not in (None, ""))
    if details and details not in text:
        text += f" ({details})"
    explained = meaning(error.code)
    return text + (f": {explained}" if explained else "")


def text_parts(text: str) -> list[str]:
    """WhatsApp takes at most 4,096 characters in one text message: longer replies go as several."""
    return [text[i:i + MAX_TEXT] for i in range(0, len(text), MAX_TEXT)] or [""]


def media_kind(content_type: str) -> str:
    """What a file is sent as: image, video, audio; anything else as a document."""
    return MEDIA_KINDS.get(content_type.split(";")[0].strip().lower(), "document")


class WhatsAppClient(ApiClient):
    label = "WhatsApp"

    def __init__(self, account, **kwargs):
        super().__init__(account, **kwargs)
        version = self.config.get("api_version") or GRAPH_VERSION
        self.base = f"{(self.config.get('api_base') or GRAPH_BASE).rstrip('/')}/{version}"
        self.phone_number_id = account.address.strip()
        self.require({"phone number ID": self.phone_number_id, "access token": self.creds.get("access_token")})

    # --- ApiClient hooks ------------------------------------------------------------------------
    def access_token(self) -> str:
        return self.creds["access_token"]  # a system user's token: no expiry to watch

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        return {**kwargs, "headers": {**kwargs.get("headers", {}), "Authorization": f"Bearer {token}"}}

    def token_expired(self, response: httpx.Response) -> bool:
        error = error_of(response)
        if response.status_code == 401 or (error is not None and error.code == TOKEN_INVALID):
            raise PermanentSendError(f"WhatsApp refused the access token ({describe(error) if error else 'HTTP 401'}): "
                                     "create a new one (Business Settings → System users) and enter it on the account's set-up page")
        return False

    def throttle_wait(self, response: httpx.Response) -> float | None:
        error = error_of(response)
        if error is not None and error.code in RATE_LIMITED:
            return RATE_LIMITED[error.code]
        if error is not None and error.code in TEMPORARY and response.status_code < 500:
            return 1.0
        return super().throttle_wait(response)

    def error_message(self, response: httpx.Response) -> str:
        error = error_of(response)
        return describe(error) if error is not None else super().error_message(response)

    def refused(self, response: httpx.Response, what: str) -> PermanentSendError:
        return PermanentSendError(f"WhatsApp {what} refused: {self.error_message(response)}")

    # --- sending --------------------------------------------------------------------------------
    def send(self, to: str, kind: str, content: dict) -> str:
        """One message; the wamid WhatsApp gave it."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": kind, kind: content}
        response = self.call("POST", f"{self.base}/{self.phone_number_id}/messages", json=body)
        if response.status_code != 200:
            raise self.refused(response, f"{kind} message")
        return read_answer(payloads.SendAnswer, json_of(response), "WhatsApp send answer").messages[0].id

    def send_text(self, to: str, text: str) -> list[str]:
        return [self.send(to, "text", {"preview_url": False, "body": part}) for part in text_parts(text)]

    def upload(self, filename: str, content_type: str, data: bytes) -> str:
        response = self.call("POST", f"{self.base}/{self.phone_number_id}/media",
                             data={"messaging_product": "whatsapp", "type": content_type},
                             files={"file": (filename, data, content_type)})
        if response.status_code != 200:
            raise self.refused(response, f"upload of {filename}")
        return read_answer(payloads.UploadAnswer, json_of(response), "WhatsApp upload answer").id

    def send_file(self, to: str, filename: str, content_type: str, data: bytes) -> str:
        kind = media_kind(content_type)
        content = {"id": self.upload(filename, content_type, data)}
        if kind == "document":
            content["filename"] = filename
        return self.send(to, kind, content)

    def send_template(self, to: str, name: str, language: str, variables: list[str]) -> str:
        template = {"name": name, "language": {"code": language}}
        if variables:
            template["components"] = [{"type": "body", "parameters": [{"type": "text", "text": v} for v in variables]}]
        return self.send(to, "template", template)

    # --- reading --------------------------------------------------------------------------------
    def media(self, media_id: str) -> tuple[bytes, str]:
        """(data, content type) of a buyer's file: its URL first, then the file with the same token."""
        response = self.call("GET", f"{self.base}/{media_id}")
        if response.status_code != 200:
            raise self.refused(response, "media lookup")
        found = read_answer(payloads.MediaUrl, json_of(response), "WhatsApp media answer")
        if not found.url.startswith(("https://", "http://")):  # our token goes with it: a web address only
            raise PermanentSendError(f"WhatsApp media answer: url is not a web address: {found.url[:100]!r}")
        download = self.call("GET", found.url)
        if download.status_code != 200:
            raise self.refused(download, "media download")
        content_type = download.headers.get("Content-Type", "").split(";")[0].strip()
        return download.content, found.mime_type.split(";")[0].strip() or content_type or "application/octet-stream"

    def templates(self) -> list[payloads.Template]:
        """The business account's message templates, every page."""
        waba = self.config.get("waba_id", "")
        self.require({"WhatsApp Business Account ID": waba}, "templates")
        url, params, found = f"{self.base}/{waba}/message_templates", {"fields": "name,language,status,category,components", "limit": "100"}, []
        for _page in range(50):  # a bound on pages: 5,000 templates
            response = self.call("GET", url, params=params)
            if response.status_code != 200:
                raise self.refused(response, "template list")
            answer = read_answer(payloads.TemplatesAnswer, json_of(response), "WhatsApp template list")
            found += answer.data
            if not answer.paging.next:
                break
            url, params = answer.paging.next, {}
        return found

    def phone_number(self) -> payloads.PhoneNumber:
        response = self.call("GET", f"{self.base}/{self.phone_number_id}",
                             params={"fields": "display_phone_number,verified_name,quality_rating"})
        if response.status_code != 200:
            raise self.refused(response, "phone number lookup")
        return read_answer(payloads.PhoneNumber, json_of(response), "WhatsApp phone number")

"""Writes to channel accounts made by people (the web UI's Channels page). Each appends one event."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.events import record
from sellerdesk.lib import clock


def _drop_empty(settings: dict) -> dict:
    return {k: v for k, v in settings.items() if v not in (None, "", [])}


def _editable(account: ChannelAccount | None, kind: str, fields: dict) -> tuple[ChannelAccount, bool]:
    """(the account, locked for update, or a new one of `kind`; created) with the form's common fields set."""
    created = account is None
    account = ChannelAccount(kind=kind) if created else ChannelAccount.objects.select_for_update().get(pk=account.pk)
    for name in ("name", "address", "marketplace", "is_active"):
        setattr(account, name, fields[name])
    return account, created


# A stored secret is sent to one place as one user: when that changes and no new secret is typed
# in, the stored one is forgotten rather than handed to the new place (docs/security.md).
# kind -> secret -> what names its destination ("imap.host": config["imap"]["host"]).
SECRET_DESTINATIONS = {
    "email": {"imap_password": ("imap.host", "imap.port", "imap.username"),
              "smtp_password": ("smtp.host", "smtp.port", "smtp.username")},
    "shopify": {"admin_access_token": ("address",)},  # sent to https://<shop domain>/admin/api/
}


def _destination(account: ChannelAccount, names: tuple[str, ...]) -> tuple:
    def value(name):
        if name == "address":
            return account.address.strip().lower()
        section, key = name.split(".")
        return str(((account.config or {}).get(section) or {}).get(key) or "").strip().lower()

    return tuple(value(n) for n in names)


def _forgotten(before: ChannelAccount | None, after: ChannelAccount, secrets: dict) -> list[str]:
    """Secrets whose destination changed in this save and that were not typed in again."""
    if before is None:
        return []
    return sorted(secret for secret, names in SECRET_DESTINATIONS.get(after.kind, {}).items()
                  if secret not in secrets and _destination(before, names) != _destination(after, names))


def _saved(account: ChannelAccount, created: bool, user, secrets: dict, **event) -> ChannelAccount:
    """Merge the secrets typed in, forget those whose destination changed, save, and record the
    created / updated event with `event` (names of secrets only, never their values)."""
    before = None if created else ChannelAccount.objects.get(pk=account.pk)
    forget = _forgotten(before, account, secrets)
    if secrets or forget:
        try:
            stored = account.credentials
        except ValueError:  # encrypted with a key we no longer have: what is typed in replaces it
            stored = {}
        account.credentials = {k: v for k, v in {**stored, **secrets}.items() if k not in forget}
    if forget:
        event["secrets_forgotten"] = forget
    account.save()
    record("channel_account_created" if created else "channel_account_updated", actor=user, account_id=account.pk,
           address=account.address, **event)
    return account


def save_email_account(account: ChannelAccount | None, user, *, fields: dict, imap: dict, smtp: dict, secrets: dict) -> ChannelAccount:
    """Create or update an email account. `secrets` holds only passwords that change; the others stay.

    Keys of config other than "imap" / "smtp" (e.g. the demo flag) are kept.
    """
    with transaction.atomic():
        account, created = _editable(account, "email", fields)
        config = dict(account.config or {})
        config["imap"], config["smtp"] = _drop_empty(imap), _drop_empty(smtp)
        for key in ("imap", "smtp"):
            if not config[key].get("host"):
                del config[key]
        account.config = config
        return _saved(account, created, user, secrets, passwords_changed=sorted(secrets))


def save_marketplace_account(account: ChannelAccount | None, user, *, kind: str, fields: dict, config: dict, secrets: dict) -> ChannelAccount:
    """Create or update a webhook channel account. Only the secrets typed in change; config keys
    not on the form (public keys, URLs set by an admin) are kept."""
    with transaction.atomic():
        account, created = _editable(account, kind, fields)
        merged = {**(account.config or {}), **config}
        account.config = {k: v for k, v in merged.items() if v not in (None, "")}
        return _saved(account, created, user, secrets, channel=kind, secrets_changed=sorted(secrets))


def poll_now(account: ChannelAccount, user) -> tuple[int, str]:
    """Poll one email account at once; (new deliveries, error text or "")."""
    from sellerdesk.channels.email.connection import MailConnectionError
    from sellerdesk.channels.email.imap import poll_account

    try:
        new, error = poll_account(account), ""
    except MailConnectionError as exc:
        new, error = 0, str(exc)
    with transaction.atomic():
        ChannelAccount.objects.filter(pk=account.pk).update(last_error=error, last_polled_at=clock.now())
        record("channel_polled", actor=user, account_id=account.pk, new=new, error=error)
    return new, error


def set_shop_identity(account: ChannelAccount, user, *, shop_name: str, signature: str) -> ChannelAccount:
    """The shop name and signature replies of this account show buyers (templates' {{ shop_name }} and
    {{ signature }}). The account's own name is internal and never goes to a buyer."""
    with transaction.atomic():
        account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        config = dict(account.config or {})
        config["shop"] = _drop_empty({"name": shop_name.strip(), "signature": signature.strip()})
        account.config = config
        account.save(update_fields=["config"])
        record("channel_account_shop_set", actor=user, account_id=account.pk,
               shop_name=config["shop"].get("name", ""), signature=bool(config["shop"].get("signature")))
        return account


def shop_identity(account: ChannelAccount) -> dict:
    """{"name", "signature"} as set for the account (empty strings when not set)."""
    shop = (account.config or {}).get("shop") or {}
    return {"name": str(shop.get("name") or ""), "signature": str(shop.get("signature") or "")}

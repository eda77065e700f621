"""Two-factor sign-in (django-otp): an authenticator app (TOTP) plus single-use recovery codes.

A user with a confirmed authenticator must enter a code after the password; with the policy's
"require two-factor" set, a user without one must set it up before anything else.
"""

from __future__ import annotations

import django_otp
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sellerdesk.accounts.models import SecurityPolicy
from sellerdesk.audit import log as audit

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
RECOVERY_CODES = 10


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=True).first()


def is_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required() -> bool:
    return SecurityPolicy.current().require_two_factor


def pending_step(request) -> str | None:
    """'verify' (a code is due for this session), 'setup' (the policy requires two-factor and the
    user has none) or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    return step_for(user, has_authenticator=is_enabled(user), required=required())


def step_for(user, *, has_authenticator: bool, required: bool) -> str | None:
    # A user signed in a moment ago in this request has no is_verified() yet (OTPMiddleware adds it).
    if getattr(user, "is_verified", lambda: False)():
        return None
    if has_authenticator:
        return "verify"
    if required:
        return "setup"
    return None


def new_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user; a new secret each time setup starts)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def unconfirmed(user, device_id) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()


def confirm(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code; returns fresh recovery codes (shown once)."""
    if not device.verify_token(_digits(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(device.user)
        audit.record("two_factor_enabled", actor=device.user, target=f"user:{device.user_id}")
    django_otp.login(request, device)
    return codes


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def regenerate_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record("recovery_codes_regenerated", actor=user, target=f"user:{user.pk}")
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


def verify(request, code: str) -> bool:
    """Check a code from the authenticator or a recovery code; on success the session is verified.
    Each device throttles its own failures (django-otp: the wait doubles after each)."""
    user = request.user
    code = (code or "").strip().replace(" ", "").lower()
    device = None
    totp = authenticator(user)
    if totp is not None and code.isdigit():
        device = totp if totp.verify_token(code) else None
    elif code:
        recovery = StaticDevice.objects.filter(user=user, name=RECOVERY).first()
        device = recovery if recovery is not None and recovery.verify_token(code) else None
    if device is None:
        audit.record("two_factor_failed", actor=user, target=f"user:{user.pk}")
        return False
    django_otp.login(request, device)
    audit.record("two_factor_passed", actor=user, target=f"user:{user.pk}", device=device.name)
    return True


def disable(user, *, actor) -> None:
    """Remove the authenticator and the recovery codes (the user, or an admin for a lost phone)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record("two_factor_disabled", actor=actor, target=f"user:{user.pk}")


def set_required(value: bool, *, actor) -> None:
    from sellerdesk.lib import clock

    with transaction.atomic():
        policy = SecurityPolicy.current()
        policy.require_two_factor = value
        policy.updated_at = clock.now()
        policy.save()
        audit.record("two_factor_policy_changed", actor=actor, mode="required" if value else "optional")

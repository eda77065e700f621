"""The demo's login is published (README, docs/demo.md): it must never open a production desk."""

from __future__ import annotations

REFUSED_IN_PRODUCTION = (
    "SELLERDESK_PRODUCTION is set: the demo data cannot be loaded (its login and password are published). "
    "Start without --demo, and create your own admin with `sellerdesk createagent NAME --role admin --password ...`."
)


def lock_published_logins() -> list[str]:
    """Demo agents still signing in with the published password get an unusable one; their names."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from sellerdesk.conversations.events import record
    from sellerdesk.demo.team import AGENTS
    from sellerdesk.ops.management.commands.seed_demo import DEMO_PASSWORD

    locked = []
    for user in get_user_model().objects.filter(username__in=[a.username for a in AGENTS]).order_by("username"):
        if user.check_password(DEMO_PASSWORD):
            with transaction.atomic():
                user.set_unusable_password()
                user.save(update_fields=["password"])
                record("demo_login_locked", user_id=user.pk, username=user.username)
            locked.append(user.username)
    return locked

"""Instagram direct messages: the channel registered in channels/registry.py.

Everything is Messenger's (channels/messenger/) but the object kind, the profile (name, and the
handle as a social identity "instagram:@handle") and the shorter text limit. Story replies and story mentions arrive as messages;
comments on posts are skipped (direct messages only, docs/channels.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from sellerdesk.channels.messenger.channel import MessengerChannel


class InstagramChannel(MessengerChannel):
    name = "instagram"
    chat_identity_prefix = "instagram:"
    label = gettext_lazy("Instagram")
    receiver = "sellerdesk.channels.instagram.receiver.InstagramReceiver"
    object_type = "instagram"

    def profile_name(self, profile) -> str:
        # The person's name alone, so that the merge suggestions' "same name" finds them elsewhere.
        return profile.name or (f"@{profile.username}" if profile.username else "")

    def profile_identities(self, profile) -> list[str]:
        return [f"instagram:@{profile.username.lower()}"] if profile.username else []

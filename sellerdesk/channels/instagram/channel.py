"""Instagram direct messages: the channel registered in channels/registry.py.

Everything is Messenger's (channels/messenger/) but the object kind, the profile fields (name,
username) and the shorter text limit. Story replies and story mentions arrive as messages;
comments on posts are skipped (direct messages only, docs/channels.md).
"""

from __future__ import annotations

from sellerdesk.channels.messenger.channel import MessengerChannel


class InstagramChannel(MessengerChannel):
    name = "instagram"
    label = "Instagram"
    receiver = "sellerdesk.channels.instagram.receiver.InstagramReceiver"
    object_type = "instagram"

    def profile_name(self, profile) -> str:
        handle = f"@{profile.username}" if profile.username else ""
        return f"{profile.name} ({handle})" if profile.name and handle else (profile.name or handle)

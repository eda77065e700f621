"""Instagram webhooks: Messenger's receiver for deliveries of `object: instagram` (entry.id = the Instagram account)."""

from sellerdesk.channels.messenger.receiver import MessengerReceiver


class InstagramReceiver(MessengerReceiver):
    channel = "instagram"
    object_type = "instagram"

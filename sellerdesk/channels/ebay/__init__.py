"""eBay: Notification API webhooks — member messages, returns, item-not-received inquiries, cases —
and replies through the Message API (docs/channels.md)."""

"""TikTok Shop (Partner API): webhooks for buyer messages and returns (docs/channels.md)."""

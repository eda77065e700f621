"""Shopify: order, fulfillment, refund, return and dispute webhooks; Admin API order lookups (docs/channels.md)."""

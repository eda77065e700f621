"""Carrier tracking: shipments of orders and their normalised event lists (docs/tracking.md).

Sources: the platform's own tracking (Shopify fulfilments, eBay, Amazon, TikTok order data) and a
tracking aggregator (17TRACK or AfterShip) polled for due shipments or pushing webhooks.
"""

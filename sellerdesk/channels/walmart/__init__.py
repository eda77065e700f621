"""Walmart Marketplace: buyer mail through Walmart's relay, read by the email channel (relay.py), and
orders from Seller Center's CSV export (orders/importer.py). No webhooks and no API here, so no
registry line: the email channel's parser calls relay.py (docs/channels.md)."""

"""LINE Messaging API: webhook receiver, parser, API client and set-up page."""

"""Facebook Messenger (and, by import, Instagram messaging): webhook receiver, parser, Graph API client, set-up page."""

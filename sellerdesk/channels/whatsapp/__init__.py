"""WhatsApp Business Platform (Cloud API): webhook receiver, parser, Graph API client and set-up page."""

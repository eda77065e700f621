"""Amazon Selling Partner API: order lookup, proactive messages, review requests (docs/channels.md).

Buyer messages themselves come and go through the mail relay (channels/email/amazon.py); SP-API
cannot read or answer them.
"""

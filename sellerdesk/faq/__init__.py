"""The seller's FAQ: question/answer pairs per language, matched by meaning (docs/automation.md, "FAQ").

The matcher other parts call is `sellerdesk.automation.faq.match(text, lang)`.
"""

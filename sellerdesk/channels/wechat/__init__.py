"""WeChat Official Account (公众号): webhook receiver, parser, API client and set-up page."""

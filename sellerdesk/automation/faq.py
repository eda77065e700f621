"""FAQ auto-answers for any caller (automation rules, the web chat widget).

    from sellerdesk.automation import faq
    m = faq.match("Can I send the shoes back?", "en")
    if m: send(m.answer)   # the answer in the buyer's language, ending with "Reply HUMAN to reach a person."

`match(text, lang) -> FaqMatch | None` — see sellerdesk/faq/matcher.py for how it decides;
`asks_for_human(text)` tells a buyer's "HUMAN" reply. Safety (tier 1, negative sentiment, claims,
quiet hours...) is not decided here: the caller keeps its own checks before sending.
"""

from sellerdesk.faq.human import asks_for_human
from sellerdesk.faq.matcher import FaqHit, FaqMatch, match, nearest

__all__ = ["FaqHit", "FaqMatch", "asks_for_human", "match", "nearest"]

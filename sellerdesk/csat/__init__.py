"""Customer satisfaction: a one-click 1–5 survey after a resolution, where the channel allows it
(never inside Amazon or eBay messages), answered on a small public page in the buyer's language
(docs/csat.md). `send_survey(conversation)` is what automation's "send a CSAT survey" calls."""


def send_survey(conversation):
    from sellerdesk.csat.survey import send_survey as send

    return send(conversation)

"""Reasons and deadline names stored in English are shown in the UI language."""

import pytest
from django.utils import translation

from sellerdesk.web.labels import claim_code
from sellerdesk.web.reasons import deadline_name, reason_text


@pytest.mark.parametrize("stored, zh", [
    ("intent: dispute claim (100%)", "意图：纠纷 / 索赔（100%）"),
    ("intent: refund (corrected by an agent)", "意图：退款（客服已更正）"),
    ("intent: delivery issue (second opinion of the language model)", "意图：物流问题（语言模型的第二意见）"),
    ("eBay case", "eBay 纠纷"),
    ("negative sentiment", "负面情绪"),
    ("possible tier-1 problem: delivery issue (62%)", "可能是一级问题：物流问题（62%）"),
    ("needs a human: unsure (refund or return exchange)", "需要人工判断：不确定（退款、退换货）"),
    # An intent's own name holds " or ": read as one intent, not split into "wrong" and "missing_item".
    ("needs a human: unsure (wrong or missing item or delivery issue)", "需要人工判断：不确定（错发 / 漏发、物流问题）"),
    ("needs a human: unsure (delivery issue or wrong or missing item)", "需要人工判断：不确定（物流问题、错发 / 漏发）"),
    ("tier set by an agent: 2", "客服设定的级别：2"),
    ("something an admin wrote", "something an admin wrote"),
])
def test_reasons_in_chinese(stored, zh):
    with translation.override("zh-hans"):
        assert reason_text(stored) == zh


@pytest.mark.parametrize("stored, zh", [
    ("Urgent 1 h", "紧急 1 h"), ("Amazon 24 h", "亚马逊 24 h"), ("First response 24 h", "首次回复 24 h"),
    ("A-to-z respond-by", "A-to-z 回应截止"), ("eBay 3 business days", "eBay 3 个工作日"), ("My policy", "My policy"),
])
def test_deadline_names_in_chinese(stored, zh):
    with translation.override("zh-hans"):
        assert deadline_name(stored) == zh


def test_claim_codes_in_words():
    with translation.override("en"):
        assert (claim_code("product_not_received"), claim_code("ITEM_NOT_RECEIVED"), claim_code("Other text")) == (
            "Item not received", "Item not received", "Other text")


def test_ebay_status_codes_in_words():
    from sellerdesk.web.notices import codes_in_words

    notice = "Inquiry opened.\nStatus: OPEN\nCase: WAITING_SELLER_RESPONSE\nNote: OK"
    with translation.override("en"):
        assert codes_in_words(notice) == "Inquiry opened.\nStatus: Open\nCase: Waiting for your response\nNote: OK"
    with translation.override("zh-hans"):
        assert (claim_code("OPEN"), claim_code("ON_HOLD"), claim_code("CLOSED")) == ("处理中", "暂停处理", "已关闭")

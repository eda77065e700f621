"""The refund limit always names its currency, and can differ per currency."""

from decimal import Decimal

import pytest
from django.utils import translation

from sellerdesk.conversations.actions import ActionError
from sellerdesk.replies import approvals


def test_one_number_is_read_in_the_refunds_own_currency(settings):
    settings.APPROVAL_REFUND_LIMIT = "50"
    with translation.override("en"):  # another test of the process may have left Chinese active
        assert approvals.limit_text() == "50 in the refund's own currency"
    assert (approvals.needs_approval("refund", Decimal("50"), "EUR"), approvals.needs_approval("refund", Decimal("50.01"), "JPY")) == (False, True)


def test_limits_per_currency_with_a_default(settings):
    settings.APPROVAL_REFUND_LIMIT = "USD 50, jpy 7500, 40"
    with translation.override("en"):
        assert approvals.limit_text() == "USD 50, JPY 7500, 40 in any other currency"
    from tests.web.conftest import compile_translations

    compile_translations()
    with translation.override("zh-hans"):
        assert approvals.limit_text() == "USD 50, JPY 7500, 其他币种 40"
    assert approvals.needs_approval("refund", Decimal("7000"), "JPY") is False
    assert approvals.needs_approval("refund", Decimal("45"), "EUR") is True


def test_without_a_default_an_unlisted_currency_always_waits(settings):
    settings.APPROVAL_REFUND_LIMIT = "USD 50"
    assert approvals.needs_approval("refund", Decimal("1"), "GBP") is True
    assert approvals.needs_approval("refund", Decimal("1"), "USD") is False


def test_a_bad_setting_says_so(settings):
    settings.APPROVAL_REFUND_LIMIT = "fifty"
    with pytest.raises(ActionError, match="SELLERDESK_APPROVAL_REFUND_LIMIT"):
        approvals.limit_text()

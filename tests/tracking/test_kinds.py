"""The aggregators' and platforms' status words in one vocabulary."""

from sellerdesk.tracking import kinds


def test_17track_statuses_and_sub_statuses():
    assert kinds.from_17track("InTransit") == ("in_transit", "")
    assert kinds.from_17track("DeliveryFailure") == ("exception", "failed_attempt")
    assert kinds.from_17track("Exception", "Exception_Returned") == ("returned", "")
    assert kinds.from_17track("Exception", "Exception_Returning") == ("exception", "returning")
    assert kinds.from_17track("AvailableForPickup") == ("out_for_delivery", "available_for_pickup")
    assert kinds.from_17track("NotFound") is None
    assert kinds.from_17track(stage="PickedUp") == ("in_transit", "")


def test_a_generic_exception_is_read_from_the_carriers_words():
    assert kinds.from_17track("Exception", "Exception_Other", text="Held by customs, duties unpaid") == ("exception", "customs_hold")
    assert kinds.from_aftership("Exception", "Exception_001", "Zollabfertigung: Sendung wird vom Zoll geprüft") == ("exception", "customs_hold")
    assert kinds.from_aftership("Exception", "", "包裹已退回发件人") == ("returned", "")
    assert kinds.from_aftership("Exception", "", "Something odd happened") == ("exception", "other")
    # a specific code is not second-guessed by the words
    assert kinds.from_aftership("Exception", "Exception_013", "customs") == ("exception", "lost")


def test_aftership_tags():
    assert kinds.from_aftership("AttemptFail") == ("exception", "failed_attempt")
    assert kinds.from_aftership("Exception", "Exception_004") == ("exception", "customs_hold")
    assert kinds.from_aftership("Delivered", "Delivered_001") == ("delivered", "")
    assert kinds.from_aftership("Pending") is None


def test_platform_words():
    assert kinds.from_platform("in_transit") == ("in_transit", "")
    assert kinds.from_platform("attempted_delivery") == ("exception", "failed_attempt")
    assert kinds.from_platform("shipped") == ("in_transit", "")
    assert kinds.from_platform("success") is None
    assert kinds.from_platform("") is None

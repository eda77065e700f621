"""Declared shapes of eBay's notifications (Notification API) and the API answers we read.

The envelope is eBay's documented one; the `data` of message and post-order topics is **[U]**
(eBay's REST topics for them were not confirmed: docs/channels.md, Platform facts → eBay), so
those models declare only what the parser needs and refuse a wrong type, naming the field.
"""

from __future__ import annotations

from sellerdesk.channels.payloadtypes import Id, Model, Money, OptionalId, Text, Time


class Metadata(Model):
    topic: str


class Notification(Model):
    notificationId: Id
    eventDate: Time = None
    publishAttemptCount: int | None = None
    data: dict


class Envelope(Model):
    metadata: Metadata
    notification: Notification


class MessageData(Model):
    """NEW_MESSAGE, BUYER_QUESTION, MEMBER_MESSAGE, ASK_SELLER_QUESTION [U]."""

    messageId: Id
    senderUsername: Id
    conversationId: OptionalId = None  # [U]
    recipientUsername: Text = None  # [U]
    subject: Text = None
    messageBody: Text = None
    createdDate: Time = None  # [U]
    creationDate: Time = None  # [U]
    itemId: OptionalId = None
    orderId: OptionalId = None


class ReturnData(Model):
    """RETURN_CREATED … RETURN_CLOSED [U]."""

    returnId: Id
    buyerUsername: Id
    orderId: OptionalId = None
    returnStatus: Text = None
    reason: Text = None
    comments: Text = None
    creationDate: Time = None
    caseId: OptionalId = None
    conversationId: OptionalId = None
    itemId: OptionalId = None


class CaseData(Model):
    """INQUIRY_CREATED, INQUIRY_ESCALATED (inquiryId), CASE_CREATED (caseId) [U]."""

    inquiryId: OptionalId = None
    caseId: OptionalId = None
    buyerUsername: Id
    orderId: OptionalId = None
    caseType: Text = None
    status: Text = None
    comments: Text = None
    creationDate: Time = None
    expirationDate: Time = None  # [U]
    respondByDate: Time = None  # [U]
    conversationId: OptionalId = None
    itemId: OptionalId = None


MESSAGE_TOPICS = {"NEW_MESSAGE", "BUYER_QUESTION", "MEMBER_MESSAGE", "ASK_SELLER_QUESTION"}


def model_for(topic: str) -> type[Model] | None:
    if topic in MESSAGE_TOPICS:
        return MessageData
    if topic.startswith("RETURN_"):
        return ReturnData
    if topic.startswith("INQUIRY_") or topic.startswith("CASE_"):
        return CaseData
    return None


# --- API answers ---------------------------------------------------------------------------------

class Amount(Model):
    value: Money = None
    currency: Text = None


class PricingSummary(Model):
    total: Amount | None = None


class LineItem(Model):
    sku: Text = None
    legacyItemId: OptionalId = None
    title: Text = None
    quantity: int | None = None
    lineItemCost: Amount | None = None


class Order(Model):
    """Fulfillment API getOrder."""

    orderId: Id
    creationDate: Time = None
    lastModifiedDate: Time = None
    orderPaymentStatus: Text = None
    orderFulfillmentStatus: Text = None
    pricingSummary: PricingSummary | None = None
    lineItems: list[LineItem] = []


class SentMessage(Model):
    """Message API send_message [U]."""

    messageId: OptionalId = None

"""Buyer messages that look like FAQ questions but ask for something to be done about an order.

"Do you accept returns?" is a FAQ; "It arrived broken, I want my money back" is a problem for a
person, though it is near the returns entry in meaning. A text that is nearer to one of these
than to the FAQ (by the matcher's COUNTER_MARGIN) is not answered from the FAQ. Written for the
matcher (not taken from buyers' messages), in the languages of the starter FAQ.
"""

COUNTER_EXAMPLES = (
    "My parcel still has not arrived.",
    "Where is my package? I ordered two weeks ago.",
    "The item came damaged and I want a refund.",
    "I received the wrong product.",
    "I sent the item back but I have not received my money.",
    "The package is held at customs, please help.",
    "Tracking shows delivered but there is nothing here.",
    "I would like to cancel the order I placed yesterday.",
    "It stopped working after one day, I am very disappointed.",
    "Mein Paket ist immer noch nicht angekommen.",
    "Der Artikel kam beschädigt an, ich möchte mein Geld zurück.",
    "Ich habe die Ware zurückgeschickt und noch keine Erstattung bekommen.",
    "Mon colis n'est jamais arrivé.",
    "L'article est arrivé cassé, je veux être remboursé.",
    "Mi paquete todavía no ha llegado.",
    "El artículo llegó roto y quiero un reembolso.",
    "Il mio ordine non è ancora arrivato.",
    "Il prodotto è arrivato rotto, voglio un rimborso.",
    "荷物がまだ届いていません。",
    "商品が壊れて届いたので返金してください。",
    "我的包裹还没到。",
    "东西坏了，我要退款。",
    "包裹被海关扣了怎么办？",
    "我已经寄回去了，钱什么时候退？",
)

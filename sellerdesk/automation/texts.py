"""Buyer-facing texts of the automation, in the buyer's language (English when we have none).

HUMAN_LINE: how to reach a person, added to every automated message. Built-in reply templates
(TEMPLATES) are found by key when the seller's template library has no variant of that key.
"""

from __future__ import annotations

HUMAN_LINE = {
    "en": "This is an automated message. To reach a person, simply reply HUMAN and a member of our team will answer.",
    "zh": "这是一条自动消息。如需人工客服，请直接回复“人工”，我们的客服人员会为您解答。",
    "de": "Dies ist eine automatische Nachricht. Wenn Sie mit einem Menschen sprechen möchten, antworten Sie einfach mit MENSCH – jemand aus unserem Team meldet sich.",
    "fr": "Ceci est un message automatique. Pour parler à une personne, répondez simplement HUMAIN et un membre de notre équipe vous répondra.",
    "es": "Este es un mensaje automático. Para hablar con una persona, responda HUMANO y alguien de nuestro equipo le contestará.",
    "it": "Questo è un messaggio automatico. Per parlare con una persona, risponda UMANO e un membro del nostro team le risponderà.",
    "ja": "これは自動送信メッセージです。担当者との対応をご希望の場合は「担当者」とご返信ください。スタッフが対応いたします。",
    "pt": "Esta é uma mensagem automática. Para falar com uma pessoa, responda HUMANO e alguém da nossa equipa responderá.",
    "nl": "Dit is een automatisch bericht. Wilt u een medewerker spreken, antwoord dan MENS en iemand van ons team reageert.",
    "pl": "To jest wiadomość automatyczna. Aby porozmawiać z człowiekiem, odpowiedz CZŁOWIEK, a ktoś z naszego zespołu odpisze.",
    "ko": "자동 발송 메시지입니다. 상담원과 연결을 원하시면 '상담원'이라고 답장해 주세요. 저희 팀이 답변드리겠습니다.",
}

# The words a buyer replies with to reach a person (checked on message.received, any language).
HUMAN_WORDS = {"human", "agent", "person", "人工", "人工客服", "mensch", "humain", "humano", "umano", "担当者", "mens", "człowiek", "상담원"}


def language_of(language: str) -> str:
    base = (language or "en").lower().replace("_", "-").split("-")[0]
    return base if base in HUMAN_LINE else "en"


def human_line(language: str) -> str:
    return HUMAN_LINE[language_of(language)]


def with_human_line(text: str, language: str) -> str:
    line = human_line(language)
    return text if line in text else f"{text.rstrip()}\n\n{line}"


def asks_for_human(text: str) -> bool:
    return (text or "").strip().strip(".!。！\"'“”").lower() in HUMAN_WORDS


# Built-in templates: key -> language -> body (jinja, the reply templates' variables).
TEMPLATES: dict[str, dict[str, str]] = {
    "automation.wismo": {
        "en": "Hello {{ customer_first_name }},\n\nThank you for your message about order {{ order_number }}. "
              "The latest status from {{ carrier }} for tracking number {{ tracking_number }} is: {{ tracking_status_text }}."
              "{{ tracking_link_line }}\n\nKind regards,\n{{ shop_name }}",
        "zh": "{{ customer_name }}，您好！\n\n感谢您关于订单 {{ order_number }} 的留言。{{ carrier }} 运单号 {{ tracking_number }} 的最新状态：{{ tracking_status_text }}。"
              "{{ tracking_link_line }}\n\n祝好！\n{{ shop_name }}",
        "de": "Hallo {{ customer_first_name }},\n\nvielen Dank für Ihre Nachricht zur Bestellung {{ order_number }}. "
              "Der aktuelle Status bei {{ carrier }} für die Sendungsnummer {{ tracking_number }} lautet: {{ tracking_status_text }}."
              "{{ tracking_link_line }}\n\nMit freundlichen Grüßen\n{{ shop_name }}",
        "fr": "Bonjour {{ customer_first_name }},\n\nMerci pour votre message concernant la commande {{ order_number }}. "
              "Le dernier statut chez {{ carrier }} pour le numéro de suivi {{ tracking_number }} est : {{ tracking_status_text }}."
              "{{ tracking_link_line }}\n\nCordialement,\n{{ shop_name }}",
        "es": "Hola, {{ customer_first_name }}:\n\nGracias por su mensaje sobre el pedido {{ order_number }}. "
              "El último estado de {{ carrier }} para el número de seguimiento {{ tracking_number }} es: {{ tracking_status_text }}."
              "{{ tracking_link_line }}\n\nUn saludo,\n{{ shop_name }}",
        "it": "Gentile {{ customer_first_name }},\n\ngrazie per il suo messaggio sull'ordine {{ order_number }}. "
              "L'ultimo stato di {{ carrier }} per il numero di tracciamento {{ tracking_number }} è: {{ tracking_status_text }}."
              "{{ tracking_link_line }}\n\nCordiali saluti,\n{{ shop_name }}",
        "ja": "{{ customer_name }} 様\n\nご注文 {{ order_number }} についてお問い合わせいただきありがとうございます。"
              "{{ carrier }}（追跡番号 {{ tracking_number }}）の最新の配送状況：{{ tracking_status_text }}。"
              "{{ tracking_link_line }}\n\n{{ shop_name }}",
    },
}

# "You can follow the parcel here: URL", after the status sentence when the carrier gives a link.
LINK_LINE = {
    "en": "You can follow the parcel here: {url}", "zh": "您可以在此查看包裹进度：{url}", "de": "Sie können das Paket hier verfolgen: {url}",
    "fr": "Vous pouvez suivre le colis ici : {url}", "es": "Puede seguir el paquete aquí: {url}", "it": "Può seguire il pacco qui: {url}",
    "ja": "配送状況はこちらでご確認いただけます：{url}",
}


def link_line(url: str, language: str) -> str:
    if not url:
        return ""
    return "\n" + LINK_LINE.get(language_of(language), LINK_LINE["en"]).format(url=url)


# Tracking statuses as the buyer reads them (normalised status -> language -> words).
TRACKING_STATUS = {
    "info_received": {"en": "the carrier has received the shipment details", "zh": "承运商已收到包裹信息", "de": "der Versanddienstleister hat die Sendungsdaten erhalten",
                      "fr": "le transporteur a reçu les informations d'expédition", "es": "el transportista ha recibido los datos del envío",
                      "it": "il corriere ha ricevuto i dati della spedizione", "ja": "配送業者が出荷情報を受け付けました"},
    "in_transit": {"en": "in transit", "zh": "运输中", "de": "unterwegs", "fr": "en cours d'acheminement", "es": "en tránsito", "it": "in transito", "ja": "輸送中"},
    "out_for_delivery": {"en": "out for delivery", "zh": "派送中", "de": "in Zustellung", "fr": "en cours de livraison", "es": "en reparto",
                         "it": "in consegna", "ja": "配達中"},
    "delivered": {"en": "delivered", "zh": "已签收", "de": "zugestellt", "fr": "livré", "es": "entregado", "it": "consegnato", "ja": "配達済み"},
}
TRACKING_STATUS_ALIASES = {"shipped": "in_transit", "intransit": "in_transit", "in transit": "in_transit", "pending": "info_received",
                           "inforeceived": "info_received", "outfordelivery": "out_for_delivery", "out for delivery": "out_for_delivery",
                           "confirmed": "in_transit", "label_printed": "info_received", "fulfilled": "in_transit"}


def normal_tracking_status(status: str) -> str:
    s = (status or "").strip().lower()
    return TRACKING_STATUS_ALIASES.get(s, s)


def tracking_status_text(status: str, language: str) -> str:
    words = TRACKING_STATUS.get(normal_tracking_status(status))
    if not words:
        return ""
    lang = (language or "en").split("-")[0]
    return words.get(lang) or words["en"]

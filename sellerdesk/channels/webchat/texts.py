"""What the bot and the server say to the visitor, in the visitor's language (the widget's own
labels are in static/webchat/widget.js). English is the fallback."""

from __future__ import annotations

LANGUAGES = ("en", "zh", "de", "fr", "es", "it", "ja")

TEXTS: dict[str, dict[str, str]] = {
    "greeting": {
        "en": "Hi! How can we help you?",
        "zh": "您好！有什么可以帮您？",
        "de": "Hallo! Wie können wir helfen?",
        "fr": "Bonjour ! Comment pouvons-nous vous aider ?",
        "es": "¡Hola! ¿En qué podemos ayudarte?",
        "it": "Ciao! Come possiamo aiutarti?",
        "ja": "こんにちは！ご用件をお聞かせください。",
    },
    "offline": {
        "en": "We are offline right now. Leave your email and we will answer by email.",
        "zh": "我们现在不在线。请留下您的邮箱，我们会通过邮件回复您。",
        "de": "Wir sind gerade nicht erreichbar. Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten per E-Mail.",
        "fr": "Nous ne sommes pas en ligne. Laissez votre e-mail, nous vous répondrons par e-mail.",
        "es": "Ahora no estamos conectados. Déjanos tu correo y te responderemos por correo.",
        "it": "Al momento non siamo in linea. Lasciaci la tua email e ti risponderemo via email.",
        "ja": "ただいまオフラインです。メールアドレスを残していただければ、メールでお返事します。",
    },
    "handover": {
        "en": "I am passing you to a person from our team. They will answer here.",
        "zh": "正在为您转接人工客服，请稍候，客服会在这里回复您。",
        "de": "Ich verbinde Sie mit einer Person aus unserem Team. Sie antwortet hier.",
        "fr": "Je vous passe à une personne de notre équipe. Elle vous répondra ici.",
        "es": "Te paso con una persona de nuestro equipo. Te responderá aquí.",
        "it": "Ti passo a una persona del nostro team. Ti risponderà qui.",
        "ja": "担当者におつなぎします。こちらでお返事いたします。",
    },
    "handover_offline_email": {
        "en": "No one from our team is online right now. We will answer by email to %(email)s.",
        "zh": "目前没有客服在线。我们会发送邮件到 %(email)s 回复您。",
        "de": "Gerade ist niemand aus unserem Team erreichbar. Wir antworten per E-Mail an %(email)s.",
        "fr": "Personne de notre équipe n'est en ligne. Nous vous répondrons par e-mail à %(email)s.",
        "es": "Ahora no hay nadie de nuestro equipo conectado. Te responderemos por correo a %(email)s.",
        "it": "Al momento nessuno del nostro team è in linea. Ti risponderemo via email a %(email)s.",
        "ja": "ただいま対応できる担当者がおりません。%(email)s 宛にメールでお返事します。",
    },
    "handover_offline": {
        "en": "No one from our team is online right now. Leave your email and we will answer by email.",
        "zh": "目前没有客服在线。请留下您的邮箱，我们会通过邮件回复您。",
        "de": "Gerade ist niemand aus unserem Team erreichbar. Hinterlassen Sie Ihre E-Mail-Adresse, wir antworten per E-Mail.",
        "fr": "Personne de notre équipe n'est en ligne. Laissez votre e-mail, nous vous répondrons par e-mail.",
        "es": "Ahora no hay nadie de nuestro equipo conectado. Déjanos tu correo y te responderemos por correo.",
        "it": "Al momento nessuno del nostro team è in linea. Lasciaci la tua email e ti risponderemo via email.",
        "ja": "ただいま対応できる担当者がおりません。メールアドレスを残していただければ、メールでお返事します。",
    },
    "tracking": {
        "en": "Order %(order)s was shipped with %(company)s, tracking number %(number)s%(status)s.",
        "zh": "订单 %(order)s 已通过 %(company)s 发货，运单号 %(number)s%(status)s。",
        "de": "Bestellung %(order)s wurde mit %(company)s versendet, Sendungsnummer %(number)s%(status)s.",
        "fr": "La commande %(order)s a été expédiée avec %(company)s, numéro de suivi %(number)s%(status)s.",
        "es": "El pedido %(order)s se envió con %(company)s, número de seguimiento %(number)s%(status)s.",
        "it": "L'ordine %(order)s è stato spedito con %(company)s, numero di tracciamento %(number)s%(status)s.",
        "ja": "ご注文 %(order)s は %(company)s で発送済みです。追跡番号 %(number)s%(status)s。",
    },
    "tracking_status": {
        "en": " (status: %(status)s)", "zh": "（状态：%(status)s）", "de": " (Status: %(status)s)",
        "fr": " (statut : %(status)s)", "es": " (estado: %(status)s)", "it": " (stato: %(status)s)",
        "ja": "（状況：%(status)s）",
    },
    "not_shipped": {
        "en": "Order %(order)s has not shipped yet. We will send you the tracking number as soon as it does.",
        "zh": "订单 %(order)s 尚未发货。发货后我们会第一时间告诉您运单号。",
        "de": "Bestellung %(order)s ist noch nicht versendet. Sobald sie unterwegs ist, erhalten Sie die Sendungsnummer.",
        "fr": "La commande %(order)s n'est pas encore expédiée. Vous recevrez le numéro de suivi dès son envoi.",
        "es": "El pedido %(order)s aún no se ha enviado. Te daremos el número de seguimiento en cuanto salga.",
        "it": "L'ordine %(order)s non è ancora stato spedito. Ti daremo il numero di tracciamento appena parte.",
        "ja": "ご注文 %(order)s はまだ発送されていません。発送次第、追跡番号をお知らせします。",
    },
}

# Asking for a person, per language: whole words for the alphabetic languages, substrings for
# Chinese and Japanese (no spaces between words).
HUMAN_WORDS = {
    "en": ["human", "person", "agent", "operator", "representative", "real person", "someone real", "talk to someone"],
    "de": ["mensch", "mitarbeiter", "mitarbeiterin", "person", "berater", "beraterin"],
    "fr": ["humain", "conseiller", "conseillère", "une personne", "agent", "opérateur"],
    "es": ["humano", "persona", "agente", "operador", "asesor"],
    "it": ["umano", "persona", "operatore", "operatrice", "agente"],
}
HUMAN_SUBSTRINGS = ["人工", "真人", "客服", "转人工", "人間", "オペレーター", "担当者", "スタッフ"]


def language_of(value: str) -> str:
    """The supported language a browser's tag names ("de-CH" -> "de", "zh-Hans-CN" -> "zh")."""
    base = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else "en"


def say(key: str, language: str, **params) -> str:
    table = TEXTS[key]
    text = table.get(language_of(language)) or table["en"]
    return text % params if params else text

"""The buyer's words of the survey, in the buyer's language (English when we have no text for it)."""

from __future__ import annotations

TEXTS = {
    "en": {"message": "How did we do? Please rate our help from 1 to 5 (one click): {url}",
           "title": "How did we do?", "question": "How satisfied are you with our help?", "comment": "Anything to add? (optional)",
           "send": "Send", "thanks": "Thank you for your feedback!", "expired": "This survey link has expired or is not valid.",
           "low": "Very unhappy", "high": "Very happy"},
    "de": {"message": "Wie zufrieden waren Sie mit uns? Bitte bewerten Sie unsere Hilfe von 1 bis 5 (ein Klick): {url}",
           "title": "Wie war unser Service?", "question": "Wie zufrieden sind Sie mit unserer Hilfe?",
           "comment": "Möchten Sie etwas hinzufügen? (optional)", "send": "Senden", "thanks": "Vielen Dank für Ihr Feedback!",
           "expired": "Dieser Umfragelink ist abgelaufen oder ungültig.", "low": "Sehr unzufrieden", "high": "Sehr zufrieden"},
    "fr": {"message": "Comment avons-nous fait ? Notez notre aide de 1 à 5 (un clic) : {url}",
           "title": "Votre avis", "question": "Êtes-vous satisfait de notre aide ?", "comment": "Un commentaire ? (facultatif)",
           "send": "Envoyer", "thanks": "Merci pour votre avis !", "expired": "Ce lien de sondage a expiré ou n'est pas valide.",
           "low": "Très mécontent", "high": "Très satisfait"},
    "es": {"message": "¿Qué tal lo hicimos? Valore nuestra ayuda de 1 a 5 (un clic): {url}",
           "title": "Su opinión", "question": "¿Qué tan satisfecho está con nuestra ayuda?", "comment": "¿Algo que añadir? (opcional)",
           "send": "Enviar", "thanks": "¡Gracias por su opinión!", "expired": "Este enlace de encuesta ha caducado o no es válido.",
           "low": "Muy insatisfecho", "high": "Muy satisfecho"},
    "it": {"message": "Come ci siamo comportati? Valuti il nostro aiuto da 1 a 5 (un clic): {url}",
           "title": "La sua opinione", "question": "Quanto è soddisfatto del nostro aiuto?", "comment": "Vuole aggiungere qualcosa? (facoltativo)",
           "send": "Invia", "thanks": "Grazie per il suo feedback!", "expired": "Questo link al sondaggio è scaduto o non è valido.",
           "low": "Molto insoddisfatto", "high": "Molto soddisfatto"},
    "ja": {"message": "今回の対応はいかがでしたか?1〜5で評価してください(ワンクリック):{url}",
           "title": "ご意見をお聞かせください", "question": "今回のサポートにどの程度満足されましたか?", "comment": "ご意見があればご記入ください(任意)",
           "send": "送信", "thanks": "ご回答ありがとうございました。", "expired": "このアンケートのリンクは期限切れか無効です。",
           "low": "とても不満", "high": "とても満足"},
    "zh": {"message": "您对我们的服务满意吗?请为我们的帮助打分(1-5 分,一键完成):{url}",
           "title": "服务评价", "question": "您对我们的帮助满意吗?", "comment": "还有什么想说的吗?(选填)",
           "send": "提交", "thanks": "感谢您的反馈!", "expired": "此评价链接已过期或无效。", "low": "非常不满意", "high": "非常满意"},
    "pt": {"message": "Como nos saímos? Avalie a nossa ajuda de 1 a 5 (um clique): {url}",
           "title": "A sua opinião", "question": "Quão satisfeito está com a nossa ajuda?", "comment": "Algo a acrescentar? (opcional)",
           "send": "Enviar", "thanks": "Obrigado pelo seu feedback!", "expired": "Este link de inquérito expirou ou não é válido.",
           "low": "Muito insatisfeito", "high": "Muito satisfeito"},
    "nl": {"message": "Hoe hebben we het gedaan? Beoordeel onze hulp van 1 tot 5 (één klik): {url}",
           "title": "Uw mening", "question": "Hoe tevreden bent u met onze hulp?", "comment": "Nog iets toe te voegen? (optioneel)",
           "send": "Versturen", "thanks": "Bedankt voor uw feedback!", "expired": "Deze enquêtelink is verlopen of ongeldig.",
           "low": "Zeer ontevreden", "high": "Zeer tevreden"},
}


def language_of(code: str) -> str:
    base = (code or "en").lower().split("-")[0].split("_")[0]
    return base if base in TEXTS else "en"


def text(language: str, key: str, **values) -> str:
    return TEXTS[language_of(language)][key].format(**values)

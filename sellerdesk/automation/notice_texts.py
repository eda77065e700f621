"""Buyer-facing texts of the built-in recipes (order, shipping, delivery check, returns, logistics
alerts), key -> language -> body, added to texts.TEMPLATES by buyer_notices.py.

The seller overrides any of them by a reply-library template with the same key (send.template_body).
The delivery check asks for feedback neutrally — no incentive, no "positive", no link — so it passes
Amazon's rules too (tests/automation/test_recipes.py checks it with the compliance rules).
"""

from __future__ import annotations

_GREET = {
    "en": "Hello {{ customer_first_name }},\n\n", "de": "Hallo {{ customer_first_name }},\n\n", "fr": "Bonjour {{ customer_first_name }},\n\n",
    "es": "Hola, {{ customer_first_name }}:\n\n", "it": "Salve {{ customer_first_name }},\n\n", "ja": "{{ customer_name }} 様\n\n",
    "zh": "{{ customer_name }}，您好！\n\n",
}
_BYE = {
    "en": "\n\nKind regards,\n{{ shop_name }}", "de": "\n\nMit freundlichen Grüßen\n{{ shop_name }}", "fr": "\n\nCordialement,\n{{ shop_name }}",
    "es": "\n\nUn saludo,\n{{ shop_name }}", "it": "\n\nCordiali saluti,\n{{ shop_name }}", "ja": "\n\n{{ shop_name }}", "zh": "\n\n祝好！\n{{ shop_name }}",
}

_BODIES: dict[str, dict[str, str]] = {
    "automation.order_confirmation": {
        "en": "Thank you for your order {{ order_number }}. We have received it and will write again as soon as it ships.",
        "de": "vielen Dank für Ihre Bestellung {{ order_number }}. Sie ist bei uns eingegangen; sobald sie versendet ist, melden wir uns wieder.",
        "fr": "Merci pour votre commande {{ order_number }}. Nous l'avons bien reçue et vous écrirons dès son expédition.",
        "es": "Gracias por su pedido {{ order_number }}. Lo hemos recibido y le escribiremos en cuanto se envíe.",
        "it": "grazie per il suo ordine {{ order_number }}. L'abbiamo ricevuto e le scriveremo non appena sarà spedito.",
        "ja": "ご注文 {{ order_number }} を承りました。発送いたしましたら、改めてご連絡いたします。",
        "zh": "感谢您的订单 {{ order_number }}。我们已收到订单，发货后会再通知您。",
    },
    "automation.shipping_notice": {
        "en": "Your order {{ order_number }} is on its way with {{ carrier }}. Tracking number: {{ tracking_number }}.{{ tracking_link_line }}",
        "de": "Ihre Bestellung {{ order_number }} ist mit {{ carrier }} unterwegs. Sendungsnummer: {{ tracking_number }}.{{ tracking_link_line }}",
        "fr": "Votre commande {{ order_number }} est en route avec {{ carrier }}. Numéro de suivi : {{ tracking_number }}.{{ tracking_link_line }}",
        "es": "Su pedido {{ order_number }} está en camino con {{ carrier }}. Número de seguimiento: {{ tracking_number }}.{{ tracking_link_line }}",
        "it": "Il suo ordine {{ order_number }} è in viaggio con {{ carrier }}. Numero di tracciamento: {{ tracking_number }}.{{ tracking_link_line }}",
        "ja": "ご注文 {{ order_number }} は {{ carrier }} にて発送いたしました。追跡番号：{{ tracking_number }}。{{ tracking_link_line }}",
        "zh": "您的订单 {{ order_number }} 已由 {{ carrier }} 发出，运单号：{{ tracking_number }}。{{ tracking_link_line }}",
    },
    "automation.delivery_check": {
        "en": "Your order {{ order_number }} has been delivered. We hope everything arrived as expected. If anything is not right, "
              "please reply to this message and we will help.\nIf you would like to share your experience with this order, "
              "you are welcome to leave feedback.",
        "de": "Ihre Bestellung {{ order_number }} wurde zugestellt. Wir hoffen, dass alles wie erwartet angekommen ist. Falls etwas nicht "
              "stimmt, antworten Sie bitte auf diese Nachricht, und wir helfen Ihnen.\nWenn Sie Ihre Erfahrung mit dieser Bestellung "
              "teilen möchten, können Sie gern eine Bewertung abgeben.",
        "fr": "Votre commande {{ order_number }} a été livrée. Nous espérons que tout est arrivé comme prévu. Si quelque chose ne va pas, "
              "répondez à ce message et nous vous aiderons.\nSi vous souhaitez partager votre expérience avec cette commande, "
              "vous pouvez laisser un avis.",
        "es": "Su pedido {{ order_number }} ha sido entregado. Esperamos que todo haya llegado como esperaba. Si algo no está bien, "
              "responda a este mensaje y le ayudaremos.\nSi desea compartir su experiencia con este pedido, puede dejar una valoración.",
        "it": "Il suo ordine {{ order_number }} è stato consegnato. Speriamo che sia arrivato tutto come previsto. Se qualcosa non va, "
              "risponda a questo messaggio e la aiuteremo.\nSe desidera condividere la sua esperienza con questo ordine, "
              "può lasciare una valutazione.",
        "ja": "ご注文 {{ order_number }} の配達が完了しました。問題なくお手元に届いておりますでしょうか。不備がございましたら、"
              "このメッセージにご返信ください。対応いたします。\nこのご注文についてのご感想がございましたら、評価をお寄せいただけます。",
        "zh": "您的订单 {{ order_number }} 已送达。希望一切都完好无误。如有任何问题，请直接回复此消息，我们会为您处理。\n"
              "如果您愿意分享这次购物的体验，欢迎留下评价。",
    },
    "automation.return.amazon": {
        "en": "Thank you for letting us know about the return of order {{ order_number }}. Amazon handles the return: in Your Orders, "
              "choose \"Return or replace items\" for this order; the return label and instructions are shown there.",
        "de": "danke für Ihre Nachricht zur Rücksendung der Bestellung {{ order_number }}. Die Rücksendung läuft über Amazon: Wählen Sie "
              "unter \"Meine Bestellungen\" bei dieser Bestellung \"Artikel zurücksenden oder ersetzen\"; dort finden Sie das Rücksendeetikett "
              "und die Anleitung.",
        "fr": "Merci de nous avoir informés du retour de la commande {{ order_number }}. Le retour passe par Amazon : dans Vos commandes, "
              "choisissez \"Retourner ou remplacer des articles\" pour cette commande ; l'étiquette et les instructions s'y trouvent.",
        "es": "Gracias por avisarnos de la devolución del pedido {{ order_number }}. La devolución se gestiona en Amazon: en Mis pedidos, "
              "elija \"Devolver o reemplazar productos\" para este pedido; allí encontrará la etiqueta y las instrucciones.",
        "it": "Grazie per averci informato del reso dell'ordine {{ order_number }}. Il reso si gestisce su Amazon: in I miei ordini, "
              "scelga \"Restituisci o sostituisci articoli\" per questo ordine; lì trova l'etichetta e le istruzioni.",
        "ja": "ご注文 {{ order_number }} の返品についてご連絡いただきありがとうございます。返品はAmazonでお手続きいただけます。"
              "「注文履歴」から該当のご注文の「商品の返品・交換」を選択してください。返品ラベルと手順が表示されます。",
        "zh": "感谢您告知订单 {{ order_number }} 的退货。退货通过亚马逊办理：请在“我的订单”中为此订单选择“退货或换货”，退货标签和步骤都在那里。",
    },
    "automation.return.ebay": {
        "en": "Thank you for letting us know about the return of order {{ order_number }}. Please open the order in your eBay purchase history "
              "and follow the return there; the return label and the address are provided in eBay.",
        "de": "danke für Ihre Nachricht zur Rücksendung der Bestellung {{ order_number }}. Bitte öffnen Sie die Bestellung in Ihren eBay-Käufen "
              "und folgen Sie dort der Rücksendung; Etikett und Adresse stellt eBay bereit.",
        "fr": "Merci de nous avoir informés du retour de la commande {{ order_number }}. Ouvrez la commande dans vos achats eBay et suivez "
              "le retour ; l'étiquette et l'adresse sont fournies dans eBay.",
        "es": "Gracias por avisarnos de la devolución del pedido {{ order_number }}. Abra el pedido en sus compras de eBay y siga la "
              "devolución allí; eBay le facilita la etiqueta y la dirección.",
        "it": "Grazie per averci informato del reso dell'ordine {{ order_number }}. Apra l'ordine tra i suoi acquisti eBay e segua il reso; "
              "etichetta e indirizzo sono forniti da eBay.",
        "ja": "ご注文 {{ order_number }} の返品についてご連絡いただきありがとうございます。eBayの購入履歴から該当のご注文を開き、"
              "返品手続きを進めてください。返品ラベルと住所はeBay上でご案内されます。",
        "zh": "感谢您告知订单 {{ order_number }} 的退货。请在 eBay 的购买记录中打开此订单并按退货流程操作，退货标签和地址都由 eBay 提供。",
    },
    "automation.return.shopify": {
        "en": "Thank you for letting us know about the return of order {{ order_number }}. Your return is registered: the return label "
              "and the instructions are on your order's status page in our shop.",
        "de": "danke für Ihre Nachricht zur Rücksendung der Bestellung {{ order_number }}. Ihre Rücksendung ist erfasst: Rücksendeetikett "
              "und Anleitung finden Sie auf der Statusseite Ihrer Bestellung in unserem Shop.",
        "fr": "Merci de nous avoir informés du retour de la commande {{ order_number }}. Votre retour est enregistré : l'étiquette et les "
              "instructions sont sur la page de suivi de votre commande dans notre boutique.",
        "es": "Gracias por avisarnos de la devolución del pedido {{ order_number }}. Su devolución está registrada: la etiqueta y las "
              "instrucciones están en la página de estado de su pedido en nuestra tienda.",
        "it": "Grazie per averci informato del reso dell'ordine {{ order_number }}. Il reso è registrato: etichetta e istruzioni sono "
              "nella pagina di stato dell'ordine nel nostro negozio.",
        "ja": "ご注文 {{ order_number }} の返品についてご連絡いただきありがとうございます。返品を受け付けました。返品ラベルと手順は、"
              "当店の注文状況ページでご確認いただけます。",
        "zh": "感谢您告知订单 {{ order_number }} 的退货。退货已登记：退货标签和步骤在我们店铺的订单状态页面上。",
    },
    "automation.alert.customs_hold": {
        "en": "Your parcel for order {{ order_number }} (tracking number {{ tracking_number }}) is being held by customs at the moment. "
              "Customs checks usually take a few days; we are following it and will contact you if anything is needed from you.",
        "de": "Ihr Paket zur Bestellung {{ order_number }} (Sendungsnummer {{ tracking_number }}) wird derzeit vom Zoll geprüft. Das dauert "
              "meist einige Tage; wir verfolgen die Sendung und melden uns, falls etwas von Ihnen benötigt wird.",
        "fr": "Votre colis de la commande {{ order_number }} (numéro de suivi {{ tracking_number }}) est actuellement retenu en douane. "
              "Ces contrôles prennent généralement quelques jours ; nous le suivons et vous contacterons si quelque chose est nécessaire.",
        "es": "Su paquete del pedido {{ order_number }} (número de seguimiento {{ tracking_number }}) está retenido en aduanas en este momento. "
              "Estos controles suelen tardar unos días; lo seguimos y le escribiremos si necesitamos algo de usted.",
        "it": "Il pacco dell'ordine {{ order_number }} (numero di tracciamento {{ tracking_number }}) è al momento fermo in dogana. "
              "Questi controlli richiedono di solito qualche giorno; lo seguiamo e la contatteremo se servisse qualcosa da parte sua.",
        "ja": "ご注文 {{ order_number }} のお荷物（追跡番号 {{ tracking_number }}）は、現在税関で検査中です。通常数日で完了します。"
              "引き続き状況を確認し、お客様にご対応いただく必要があればご連絡いたします。",
        "zh": "您订单 {{ order_number }} 的包裹（运单号 {{ tracking_number }}）目前正在海关查验。通常需要几天时间；我们会持续跟进，如需您提供信息会及时联系您。",
    },
    "automation.alert.failed_attempt": {
        "en": "{{ carrier }} tried to deliver your order {{ order_number }} but could not hand it over. The carrier usually tries again "
              "or leaves a notice saying where to collect the parcel.{{ tracking_link_line }}",
        "de": "{{ carrier }} hat versucht, Ihre Bestellung {{ order_number }} zuzustellen, konnte sie aber nicht übergeben. Meist folgt ein "
              "weiterer Versuch oder eine Benachrichtigung, wo das Paket abgeholt werden kann.{{ tracking_link_line }}",
        "fr": "{{ carrier }} a tenté de livrer votre commande {{ order_number }} sans pouvoir la remettre. Le transporteur repasse en général "
              "ou laisse un avis indiquant où retirer le colis.{{ tracking_link_line }}",
        "es": "{{ carrier }} intentó entregar su pedido {{ order_number }} pero no pudo. Normalmente el transportista lo intenta de nuevo "
              "o deja un aviso indicando dónde recogerlo.{{ tracking_link_line }}",
        "it": "{{ carrier }} ha provato a consegnare il suo ordine {{ order_number }} ma non è riuscito. Di solito il corriere riprova "
              "o lascia un avviso con il punto di ritiro.{{ tracking_link_line }}",
        "ja": "{{ carrier }} がご注文 {{ order_number }} の配達に伺いましたが、お渡しできませんでした。通常は再配達されるか、"
              "受け取り場所を記載した不在票が残されます。{{ tracking_link_line }}",
        "zh": "{{ carrier }} 尝试派送您的订单 {{ order_number }}，但未能成功签收。承运商通常会再次派送，或留下取件通知。{{ tracking_link_line }}",
    },
    "automation.alert.returned": {
        "en": "We are sorry: the carrier is returning your parcel for order {{ order_number }} to us. Please reply to this message and tell "
              "us whether you would like us to send it again or to refund you.",
        "de": "Es tut uns leid: Der Versanddienstleister schickt Ihr Paket zur Bestellung {{ order_number }} an uns zurück. Bitte antworten "
              "Sie auf diese Nachricht und teilen Sie uns mit, ob wir es erneut senden oder Ihnen den Betrag erstatten sollen.",
        "fr": "Nous sommes désolés : le transporteur nous renvoie votre colis de la commande {{ order_number }}. Répondez à ce message pour "
              "nous dire si vous souhaitez un nouvel envoi ou un remboursement.",
        "es": "Lo sentimos: el transportista nos está devolviendo su paquete del pedido {{ order_number }}. Responda a este mensaje y díganos "
              "si prefiere que se lo enviemos de nuevo o que le reembolsemos.",
        "it": "Ci dispiace: il corriere ci sta rimandando il pacco dell'ordine {{ order_number }}. Risponda a questo messaggio e ci dica se "
              "preferisce una nuova spedizione o il rimborso.",
        "ja": "申し訳ございません。ご注文 {{ order_number }} のお荷物が配送業者により当店へ返送されています。再発送と返金のどちらを"
              "ご希望か、このメッセージにご返信ください。",
        "zh": "非常抱歉：承运商正在把您订单 {{ order_number }} 的包裹退回给我们。请回复此消息，告诉我们您希望重新发货还是退款。",
    },
    "automation.alert.no_scan": {
        "en": "Your parcel for order {{ order_number }} (tracking number {{ tracking_number }}) has had no new tracking update for a few days. "
              "This happens sometimes in transit; we have asked {{ carrier }} to check and will keep you informed.",
        "de": "Ihr Paket zur Bestellung {{ order_number }} (Sendungsnummer {{ tracking_number }}) hat seit einigen Tagen keine neue "
              "Sendungsverfolgung. Das kommt unterwegs vor; wir haben {{ carrier }} um Prüfung gebeten und halten Sie auf dem Laufenden.",
        "fr": "Votre colis de la commande {{ order_number }} (numéro de suivi {{ tracking_number }}) n'a pas eu de mise à jour depuis quelques "
              "jours. Cela arrive en transit ; nous avons demandé à {{ carrier }} de vérifier et vous tiendrons informé.",
        "es": "Su paquete del pedido {{ order_number }} (número de seguimiento {{ tracking_number }}) no tiene novedades desde hace unos días. "
              "A veces ocurre en tránsito; hemos pedido a {{ carrier }} que lo revise y le mantendremos informado.",
        "it": "Il pacco dell'ordine {{ order_number }} (numero di tracciamento {{ tracking_number }}) non ha aggiornamenti da qualche giorno. "
              "Capita durante il trasporto; abbiamo chiesto a {{ carrier }} di verificare e la terremo aggiornata.",
        "ja": "ご注文 {{ order_number }} のお荷物（追跡番号 {{ tracking_number }}）は、ここ数日追跡情報が更新されていません。"
              "輸送中にまれに起こることです。{{ carrier }} に確認を依頼しましたので、進展があればお知らせいたします。",
        "zh": "您订单 {{ order_number }} 的包裹（运单号 {{ tracking_number }}）已有几天没有新的物流更新。运输途中偶尔会这样；我们已请 {{ carrier }} 核查，会随时告知您进展。",
    },
    "automation.alert.other": {
        "en": "There is a problem with the delivery of your order {{ order_number }} (tracking number {{ tracking_number }}). We are looking "
              "into it with {{ carrier }} and will get back to you shortly.",
        "de": "Bei der Zustellung Ihrer Bestellung {{ order_number }} (Sendungsnummer {{ tracking_number }}) gibt es ein Problem. Wir klären "
              "das mit {{ carrier }} und melden uns in Kürze.",
        "fr": "Il y a un problème avec la livraison de votre commande {{ order_number }} (numéro de suivi {{ tracking_number }}). Nous "
              "vérifions avec {{ carrier }} et revenons vers vous rapidement.",
        "es": "Hay un problema con la entrega de su pedido {{ order_number }} (número de seguimiento {{ tracking_number }}). Lo estamos "
              "revisando con {{ carrier }} y le escribiremos en breve.",
        "it": "C'è un problema con la consegna del suo ordine {{ order_number }} (numero di tracciamento {{ tracking_number }}). Stiamo "
              "verificando con {{ carrier }} e la ricontatteremo a breve.",
        "ja": "ご注文 {{ order_number }}（追跡番号 {{ tracking_number }}）の配送に問題が発生しております。{{ carrier }} に確認中ですので、"
              "追ってご連絡いたします。",
        "zh": "您的订单 {{ order_number }}（运单号 {{ tracking_number }}）在派送中出现了问题。我们正在与 {{ carrier }} 核实，会尽快回复您。",
    },
}

TEMPLATES: dict[str, dict[str, str]] = {
    key: {lang: _GREET[lang] + body + _BYE[lang] for lang, body in bodies.items()} for key, bodies in _BODIES.items()
}

# Which alert text a tracking problem gets (kinds.SUB_KINDS and "no_scan"); others: automation.alert.other.
ALERTS = {"customs_hold": "automation.alert.customs_hold", "failed_attempt": "automation.alert.failed_attempt",
          "returning": "automation.alert.returned", "returned": "automation.alert.returned", "no_scan": "automation.alert.no_scan"}

# The subject of a conversation a recipe opens with the buyer (their language).
SUBJECTS = {"en": "Your order {number}", "de": "Ihre Bestellung {number}", "fr": "Votre commande {number}",
            "es": "Su pedido {number}", "it": "Il suo ordine {number}", "ja": "ご注文 {number} について", "zh": "您的订单 {number}"}


def subject(number: str, language: str) -> str:
    base = (language or "en").lower().split("-")[0]
    return SUBJECTS.get(base, SUBJECTS["en"]).format(number=number)

"""Starter reply templates: eight categories in en, de, fr, es, it, ja and zh, ready for real use.

Each entry is one reply `key`; its `texts` give, per language, the title and
the core of the message. Greeting and sign-off are added per language
(`GREETING`, `SIGN_OFF`), except for chat-tone variants (`chat: True`), which
are short and end with the agent's first name only. `[[answer]]` is a place
the agent must write into: the send refuses a reply that still contains it.

Every text, filled with sample values, passes the Amazon rules without a
finding (tests/replies/test_starter_library.py).
"""

LANGUAGES = ("en", "de", "fr", "es", "it", "ja", "zh")

GREETING = {
    "en": "Hello {{ customer_first_name }},",
    "de": "Hallo {{ customer_first_name }},",
    "fr": "Bonjour {{ customer_first_name }},",
    "es": "Hola, {{ customer_first_name }}:",
    "it": "Gentile {{ customer_first_name }},",
    "ja": "{{ customer_name }} 様",
    "zh": "{{ customer_name }}，您好！",
}

SIGN_OFF = {
    "en": "Kind regards,\n{{ agent_name }}\n{{ shop_name }}",
    "de": "Mit freundlichen Grüßen\n{{ agent_name }}\n{{ shop_name }}",
    "fr": "Cordialement,\n{{ agent_name }}\n{{ shop_name }}",
    "es": "Un saludo,\n{{ agent_name }}\n{{ shop_name }}",
    "it": "Cordiali saluti,\n{{ agent_name }}\n{{ shop_name }}",
    "ja": "今後ともよろしくお願いいたします。\n{{ shop_name }} {{ agent_name }}",
    "zh": "祝好！\n{{ shop_name }} {{ agent_name }}",
}

TEMPLATES = [
    {
        "key": "tracking-update",
        "category": "order_status",
        "intents": ["order_status", "delivery_issue"],
        "tags": ["tracking", "shipping"],
        "texts": {
            "en": ("Where is my order: tracking", """thank you for your message about order {{ order_number }}.
{% if delivered %}
According to the carrier, your parcel was delivered on {{ delivery_date }}. If you cannot find it, please check with your neighbours or your building's reception, and reply to this message if it has not turned up: we will look into it right away.
{% else %}
Your parcel is on its way with {{ carrier }}. Tracking number: {{ tracking_number }}
You can follow it here: {{ tracking_link }}
{% endif %}"""),
            "de": ("Wo ist meine Bestellung: Sendungsverfolgung", """vielen Dank für Ihre Nachricht zur Bestellung {{ order_number }}.
{% if delivered %}
Laut Versanddienstleister wurde Ihr Paket am {{ delivery_date }} zugestellt. Falls Sie es nicht finden, fragen Sie bitte bei Ihren Nachbarn nach und antworten Sie auf diese Nachricht, wenn es nicht auftaucht – wir kümmern uns sofort darum.
{% else %}
Ihr Paket ist mit {{ carrier }} unterwegs. Sendungsnummer: {{ tracking_number }}
Sie können die Sendung hier verfolgen: {{ tracking_link }}
{% endif %}"""),
            "fr": ("Où est ma commande : suivi du colis", """merci pour votre message concernant la commande {{ order_number }}.
{% if delivered %}
Selon le transporteur, votre colis a été livré le {{ delivery_date }}. Si vous ne le trouvez pas, pensez à demander à vos voisins ou au gardien, et répondez à ce message s'il reste introuvable : nous nous en occuperons immédiatement.
{% else %}
Votre colis est en route avec {{ carrier }}. Numéro de suivi : {{ tracking_number }}
Vous pouvez le suivre ici : {{ tracking_link }}
{% endif %}"""),
            "es": ("Dónde está mi pedido: seguimiento", """gracias por su mensaje sobre el pedido {{ order_number }}.
{% if delivered %}
Según el transportista, su paquete se entregó el {{ delivery_date }}. Si no lo encuentra, consulte con sus vecinos o con la conserjería y responda a este mensaje si no aparece: lo revisaremos de inmediato.
{% else %}
Su paquete está en camino con {{ carrier }}. Número de seguimiento: {{ tracking_number }}
Puede seguirlo aquí: {{ tracking_link }}
{% endif %}"""),
            "it": ("Dov'è il mio ordine: tracciamento", """grazie per il suo messaggio sull'ordine {{ order_number }}.
{% if delivered %}
Secondo il corriere, il pacco è stato consegnato il {{ delivery_date }}. Se non lo trova, chieda ai vicini o alla portineria e risponda a questo messaggio se non salta fuori: ce ne occuperemo subito.
{% else %}
Il pacco è in viaggio con {{ carrier }}. Numero di tracciamento: {{ tracking_number }}
Può seguirlo qui: {{ tracking_link }}
{% endif %}"""),
            "ja": ("配送状況のご案内（追跡番号）", """ご注文 {{ order_number }} についてお問い合わせいただき、ありがとうございます。
{% if delivered %}
配送業者の記録では、お荷物は {{ delivery_date }} に配達済みとなっております。お手元に見当たらない場合は、ご近所や宅配ボックスをご確認のうえ、このメッセージにご返信ください。すぐに調査いたします。
{% else %}
お荷物は {{ carrier }} にて配送中です。追跡番号：{{ tracking_number }}
配送状況はこちらからご確認いただけます：{{ tracking_link }}
{% endif %}"""),
            "zh": ("订单物流查询", """感谢您关于订单 {{ order_number }} 的留言。
{% if delivered %}
根据承运商的记录，您的包裹已于 {{ delivery_date }} 签收。如果没有找到包裹，请先向邻居或物业询问；如仍未找到，请直接回复此消息，我们会立即处理。
{% else %}
您的包裹正由 {{ carrier }} 运送中，运单号：{{ tracking_number }}
您可以在这里查看物流：{{ tracking_link }}
{% endif %}"""),
        },
    },
    {
        "key": "tracking-update",
        "channel": "whatsapp",
        "chat": True,
        "category": "order_status",
        "intents": ["order_status", "delivery_issue"],
        "tags": ["tracking", "shipping", "chat"],
        "texts": {
            "en": ("Tracking (chat)", "Hi {{ customer_first_name }}! {% if delivered %}Your order {{ order_number }} was delivered on {{ delivery_date }}. Can't find it? Just tell me here.{% else %}Your order {{ order_number }} is on its way with {{ carrier }}: {{ tracking_link }}{% endif %}"),
            "de": ("Sendungsverfolgung (Chat)", "Hallo {{ customer_first_name }}! {% if delivered %}Ihre Bestellung {{ order_number }} wurde am {{ delivery_date }} zugestellt. Nicht gefunden? Schreiben Sie mir einfach hier.{% else %}Ihre Bestellung {{ order_number }} ist mit {{ carrier }} unterwegs: {{ tracking_link }}{% endif %}"),
            "fr": ("Suivi (chat)", "Bonjour {{ customer_first_name }} ! {% if delivered %}Votre commande {{ order_number }} a été livrée le {{ delivery_date }}. Vous ne la trouvez pas ? Dites-le-moi ici.{% else %}Votre commande {{ order_number }} est en route avec {{ carrier }} : {{ tracking_link }}{% endif %}"),
            "es": ("Seguimiento (chat)", "¡Hola, {{ customer_first_name }}! {% if delivered %}Su pedido {{ order_number }} se entregó el {{ delivery_date }}. ¿No lo encuentra? Escríbame aquí.{% else %}Su pedido {{ order_number }} está en camino con {{ carrier }}: {{ tracking_link }}{% endif %}"),
            "it": ("Tracciamento (chat)", "Salve {{ customer_first_name }}! {% if delivered %}Il suo ordine {{ order_number }} è stato consegnato il {{ delivery_date }}. Non lo trova? Me lo scriva qui.{% else %}Il suo ordine {{ order_number }} è in viaggio con {{ carrier }}: {{ tracking_link }}{% endif %}"),
            "ja": ("配送状況（チャット）", "{{ customer_name }} 様、{% if delivered %}ご注文 {{ order_number }} は {{ delivery_date }} に配達済みです。見当たらない場合はこちらでお知らせください。{% else %}ご注文 {{ order_number }} は {{ carrier }} で配送中です：{{ tracking_link }}{% endif %}"),
            "zh": ("物流查询（聊天）", "{{ customer_name }}您好！{% if delivered %}您的订单 {{ order_number }} 已于 {{ delivery_date }} 签收，如果没找到请在这里告诉我。{% else %}您的订单 {{ order_number }} 正由 {{ carrier }} 运送：{{ tracking_link }}{% endif %}"),
        },
    },
    {
        "key": "return-instructions",
        "category": "returns",
        "intents": ["return_exchange"],
        "tags": ["return", "exchange"],
        "texts": {
            "en": ("How to return an item", """thank you for getting in touch about order {{ order_number }}.
{% if in_return_window %}
You can return the item until {{ return_deadline }}. Please request the return from your order overview where you bought it and choose the reason that fits; the return label and instructions are shown there. As soon as the parcel reaches us, we will process your refund or exchange.
{% else %}
The return period for this order ended on {{ return_deadline }}. We would still like to help: please tell us what is wrong with the item and we will find a solution.
{% endif %}"""),
            "de": ("Rücksendung: so geht's", """vielen Dank für Ihre Nachricht zur Bestellung {{ order_number }}.
{% if in_return_window %}
Sie können den Artikel bis zum {{ return_deadline }} zurücksenden. Bitte beantragen Sie die Rücksendung in Ihrer Bestellübersicht dort, wo Sie gekauft haben, und wählen Sie den passenden Grund; Rücksendeetikett und Anleitung finden Sie dort. Sobald das Paket bei uns ist, erstatten wir den Betrag oder tauschen den Artikel um.
{% else %}
Die Rückgabefrist für diese Bestellung ist am {{ return_deadline }} abgelaufen. Wir möchten Ihnen trotzdem helfen: Bitte schreiben Sie uns, was mit dem Artikel nicht stimmt, und wir finden eine Lösung.
{% endif %}"""),
            "fr": ("Comment retourner un article", """merci de nous avoir contactés au sujet de la commande {{ order_number }}.
{% if in_return_window %}
Vous pouvez retourner l'article jusqu'au {{ return_deadline }}. Veuillez demander le retour depuis le récapitulatif de vos commandes, là où vous avez acheté, et choisir le motif qui convient ; l'étiquette de retour et les instructions y sont indiquées. Dès réception du colis, nous procéderons au remboursement ou à l'échange.
{% else %}
Le délai de retour de cette commande a pris fin le {{ return_deadline }}. Nous souhaitons tout de même vous aider : dites-nous ce qui ne va pas avec l'article et nous trouverons une solution.
{% endif %}"""),
            "es": ("Cómo devolver un artículo", """gracias por escribirnos sobre el pedido {{ order_number }}.
{% if in_return_window %}
Puede devolver el artículo hasta el {{ return_deadline }}. Solicite la devolución desde el resumen de sus pedidos, donde realizó la compra, y elija el motivo correspondiente; allí encontrará la etiqueta de devolución y las instrucciones. En cuanto recibamos el paquete, tramitaremos el reembolso o el cambio.
{% else %}
El plazo de devolución de este pedido terminó el {{ return_deadline }}. Aun así queremos ayudarle: cuéntenos qué problema tiene el artículo y buscaremos una solución.
{% endif %}"""),
            "it": ("Come restituire un articolo", """grazie per averci scritto riguardo all'ordine {{ order_number }}.
{% if in_return_window %}
Può restituire l'articolo fino al {{ return_deadline }}. Richieda il reso dal riepilogo dei suoi ordini, dove ha effettuato l'acquisto, e scelga il motivo corretto; lì trova l'etichetta di reso e le istruzioni. Appena riceviamo il pacco, procederemo con il rimborso o la sostituzione.
{% else %}
Il periodo di reso per questo ordine è terminato il {{ return_deadline }}. Vogliamo comunque aiutarla: ci dica quale problema ha l'articolo e troveremo una soluzione.
{% endif %}"""),
            "ja": ("返品方法のご案内", """ご注文 {{ order_number }} についてご連絡いただき、ありがとうございます。
{% if in_return_window %}
{{ return_deadline }} まで返品を承っております。ご購入いただいたサイトの注文履歴から返品をリクエストし、該当する理由をお選びください。返品ラベルと手順はそちらに表示されます。商品の到着を確認しだい、返金または交換の手続きをいたします。
{% else %}
このご注文の返品期限は {{ return_deadline }} で終了しております。それでもお力になりたいと考えておりますので、商品の不具合の内容をお知らせください。解決方法をご提案いたします。
{% endif %}"""),
            "zh": ("退货说明", """感谢您就订单 {{ order_number }} 联系我们。
{% if in_return_window %}
您可以在 {{ return_deadline }} 之前退货。请在您购买的平台的订单列表中申请退货，并选择相应的原因；退货标签和操作说明会显示在那里。我们收到包裹后会立即为您办理退款或换货。
{% else %}
该订单的退货期限已于 {{ return_deadline }} 结束。我们仍然希望帮到您：请告诉我们商品有什么问题，我们会为您想办法解决。
{% endif %}"""),
        },
    },
    {
        "key": "refund-issued",
        "category": "returns",
        "intents": ["refund", "return_exchange", "cancel_order"],
        "tags": ["refund"],
        "texts": {
            "en": ("Refund issued", "we have issued the refund for order {{ order_number }}. Depending on your bank or payment method, it usually appears on your statement within 3–5 business days.\n\nWe are sorry for the inconvenience."),
            "de": ("Erstattung veranlasst", "wir haben die Erstattung für die Bestellung {{ order_number }} veranlasst. Je nach Bank oder Zahlungsart ist sie in der Regel innerhalb von 3–5 Werktagen auf Ihrem Konto sichtbar.\n\nBitte entschuldigen Sie die Unannehmlichkeiten."),
            "fr": ("Remboursement effectué", "nous avons effectué le remboursement de la commande {{ order_number }}. Selon votre banque ou votre moyen de paiement, il apparaît généralement sur votre relevé sous 3 à 5 jours ouvrés.\n\nNous vous prions de nous excuser pour la gêne occasionnée."),
            "es": ("Reembolso realizado", "hemos realizado el reembolso del pedido {{ order_number }}. Según su banco o método de pago, suele aparecer en su cuenta en un plazo de 3 a 5 días hábiles.\n\nDisculpe las molestias."),
            "it": ("Rimborso effettuato", "abbiamo effettuato il rimborso per l'ordine {{ order_number }}. A seconda della banca o del metodo di pagamento, di solito compare sul suo estratto conto entro 3-5 giorni lavorativi.\n\nCi scusiamo per l'inconveniente."),
            "ja": ("返金手続き完了のお知らせ", "ご注文 {{ order_number }} の返金手続きを完了いたしました。ご利用の金融機関やお支払い方法により異なりますが、通常 3～5 営業日以内に反映されます。\n\nこの度はご迷惑をおかけし、申し訳ございませんでした。"),
            "zh": ("退款已办理", "订单 {{ order_number }} 的退款已为您办理。根据您的银行或支付方式不同，款项通常会在 3–5 个工作日内到账。\n\n给您带来不便，我们深表歉意。"),
        },
    },
    {
        "key": "product-answer",
        "category": "product",
        "intents": ["product_question"],
        "tags": ["product", "pre-sales"],
        "texts": {
            "en": ("Answer a product question", "thank you for your question{% if items is defined %} about {{ items|join(', ') }}{% endif %}.\n\n[[answer]]\n\nIf anything else is unclear, simply reply to this message."),
            "de": ("Produktfrage beantworten", "vielen Dank für Ihre Frage{% if items is defined %} zu {{ items|join(', ') }}{% endif %}.\n\n[[answer]]\n\nWenn noch etwas unklar ist, antworten Sie einfach auf diese Nachricht."),
            "fr": ("Répondre à une question produit", "merci pour votre question{% if items is defined %} au sujet de {{ items|join(', ') }}{% endif %}.\n\n[[answer]]\n\nSi quelque chose n'est pas clair, répondez simplement à ce message."),
            "es": ("Responder a una pregunta sobre el producto", "gracias por su pregunta{% if items is defined %} sobre {{ items|join(', ') }}{% endif %}.\n\n[[answer]]\n\nSi tiene cualquier otra duda, responda a este mensaje."),
            "it": ("Rispondere a una domanda sul prodotto", "grazie per la sua domanda{% if items is defined %} su {{ items|join(', ') }}{% endif %}.\n\n[[answer]]\n\nSe qualcosa non è chiaro, risponda pure a questo messaggio."),
            "ja": ("商品に関するご質問への回答", "{% if items is defined %}{{ items|join('、') }} について{% endif %}ご質問いただき、ありがとうございます。\n\n[[answer]]\n\nほかにご不明な点がございましたら、このメッセージにご返信ください。"),
            "zh": ("回答商品问题", "感谢您{% if items is defined %}关于 {{ items|join('、') }} {% endif %}的提问。\n\n[[answer]]\n\n如果还有其他疑问，请直接回复此消息。"),
        },
    },
    {
        "key": "payment-question",
        "category": "account_payment",
        "intents": ["payment_billing", "account"],
        "tags": ["payment", "charge"],
        "texts": {
            "en": ("Payment or double charge", "thank you for your message about the payment for order {{ order_number }}.\nFor your security we never see or store your card details. If you were charged twice, or a payment is shown as pending, this is usually a temporary authorisation that your bank releases within a few days. If it is still there after a week, please reply with the date and amount of each charge and we will check it for you."),
            "de": ("Zahlung oder doppelte Abbuchung", "vielen Dank für Ihre Nachricht zur Zahlung der Bestellung {{ order_number }}.\nZu Ihrer Sicherheit sehen und speichern wir keine Kartendaten. Wenn Ihnen ein Betrag doppelt belastet wurde oder eine Zahlung als ausstehend angezeigt wird, handelt es sich meist um eine vorübergehende Autorisierung, die Ihre Bank nach wenigen Tagen freigibt. Ist sie nach einer Woche noch da, antworten Sie uns bitte mit Datum und Betrag jeder Abbuchung, und wir prüfen das für Sie."),
            "fr": ("Paiement ou double débit", "merci pour votre message concernant le paiement de la commande {{ order_number }}.\nPour votre sécurité, nous ne voyons ni ne conservons les données de votre carte. Si vous avez été débité deux fois ou si un paiement apparaît en attente, il s'agit généralement d'une autorisation temporaire que votre banque libère en quelques jours. Si elle est toujours là après une semaine, répondez-nous avec la date et le montant de chaque débit et nous vérifierons pour vous."),
            "es": ("Pago o cargo duplicado", "gracias por su mensaje sobre el pago del pedido {{ order_number }}.\nPor su seguridad, nunca vemos ni guardamos los datos de su tarjeta. Si se le ha cobrado dos veces o un pago aparece como pendiente, suele tratarse de una autorización temporal que su banco libera en pocos días. Si sigue ahí después de una semana, respóndanos con la fecha y el importe de cada cargo y lo revisaremos."),
            "it": ("Pagamento o doppio addebito", "grazie per il suo messaggio sul pagamento dell'ordine {{ order_number }}.\nPer la sua sicurezza non vediamo né conserviamo i dati della sua carta. Se le è stato addebitato due volte o un pagamento risulta in sospeso, di solito si tratta di un'autorizzazione temporanea che la banca sblocca in pochi giorni. Se dopo una settimana è ancora presente, ci risponda con data e importo di ogni addebito e lo verificheremo."),
            "ja": ("お支払い・二重請求について", "ご注文 {{ order_number }} のお支払いについてご連絡いただき、ありがとうございます。\nお客様の安全のため、当店がカード情報を閲覧・保存することはございません。二重に請求されている、または保留中と表示されている場合、多くは一時的な与信枠の確保で、数日以内に金融機関により解除されます。1 週間経っても残っている場合は、各請求の日付と金額をご返信ください。確認いたします。"),
            "zh": ("付款或重复扣款", "感谢您关于订单 {{ order_number }} 付款问题的留言。\n为了您的安全，我们不会查看或保存您的银行卡信息。如果您被扣款两次，或付款显示为待处理，通常只是银行的临时预授权，几天内会自动释放。如果一周后仍未释放，请回复每笔扣款的日期和金额，我们会为您核实。"),
        },
    },
    {
        "key": "shipping-delay",
        "category": "shipping_delay",
        "intents": ["delivery_issue", "order_status"],
        "tags": ["delay", "shipping"],
        "texts": {
            "en": ("Shipment delayed", "we are sorry that order {{ order_number }} is taking longer than expected. {% if tracking_number is defined %}The parcel is with {{ carrier }} (tracking number {{ tracking_number }}) and has been delayed in transit.{% else %}The shipment has been delayed in transit.{% endif %} We expect it to arrive by {{ delivery_date }}.\nIf it has not arrived by then, reply to this message and we will send a replacement or refund you in full, whichever you prefer."),
            "de": ("Lieferverzögerung", "es tut uns leid, dass die Bestellung {{ order_number }} länger braucht als erwartet. {% if tracking_number is defined %}Das Paket ist bei {{ carrier }} (Sendungsnummer {{ tracking_number }}) und hat sich unterwegs verzögert.{% else %}Die Sendung hat sich unterwegs verzögert.{% endif %} Wir erwarten die Zustellung bis zum {{ delivery_date }}.\nSollte sie bis dahin nicht angekommen sein, antworten Sie auf diese Nachricht: Wir schicken Ihnen dann Ersatz oder erstatten den vollen Betrag, ganz wie Sie möchten."),
            "fr": ("Livraison retardée", "nous sommes désolés que la commande {{ order_number }} prenne plus de temps que prévu. {% if tracking_number is defined %}Le colis est chez {{ carrier }} (numéro de suivi {{ tracking_number }}) et a pris du retard en transit.{% else %}L'envoi a pris du retard en transit.{% endif %} Nous prévoyons une livraison d'ici le {{ delivery_date }}.\nS'il n'est pas arrivé à cette date, répondez à ce message et nous vous enverrons un remplacement ou vous rembourserons intégralement, selon votre préférence."),
            "es": ("Envío retrasado", "sentimos que el pedido {{ order_number }} esté tardando más de lo previsto. {% if tracking_number is defined %}El paquete está con {{ carrier }} (número de seguimiento {{ tracking_number }}) y se ha retrasado en tránsito.{% else %}El envío se ha retrasado en tránsito.{% endif %} Esperamos que llegue antes del {{ delivery_date }}.\nSi para entonces no ha llegado, responda a este mensaje y le enviaremos un reemplazo o le reembolsaremos el importe completo, como prefiera."),
            "it": ("Spedizione in ritardo", "ci dispiace che l'ordine {{ order_number }} stia impiegando più tempo del previsto. {% if tracking_number is defined %}Il pacco è presso {{ carrier }} (numero di tracciamento {{ tracking_number }}) e ha subito un ritardo durante il trasporto.{% else %}La spedizione ha subito un ritardo durante il trasporto.{% endif %} Prevediamo la consegna entro il {{ delivery_date }}.\nSe entro quella data non è arrivato, risponda a questo messaggio e le invieremo un articolo sostitutivo o la rimborseremo per intero, come preferisce."),
            "ja": ("配送遅延のお詫び", "ご注文 {{ order_number }} のお届けが遅れており、誠に申し訳ございません。{% if tracking_number is defined %}お荷物は {{ carrier }}（追跡番号 {{ tracking_number }}）にて輸送中ですが、遅延が発生しております。{% else %}輸送中に遅延が発生しております。{% endif %}{{ delivery_date }} までにお届けできる見込みです。\nそれまでに届かない場合は、このメッセージにご返信ください。代替品の発送または全額返金のうち、ご希望の方法で対応いたします。"),
            "zh": ("配送延误", "非常抱歉，订单 {{ order_number }} 的配送时间比预期更长。{% if tracking_number is defined %}包裹目前由 {{ carrier }} 运送（运单号 {{ tracking_number }}），在途中出现了延误。{% else %}包裹在运输途中出现了延误。{% endif %}预计将在 {{ delivery_date }} 前送达。\n如果届时仍未收到，请回复此消息，我们将按您的意愿为您补发或全额退款。"),
        },
    },
    {
        "key": "damaged-item",
        "category": "damaged_wrong",
        "intents": ["damaged_defective"],
        "tags": ["damaged", "defective", "photo"],
        "texts": {
            "en": ("Item arrived damaged", "we are very sorry that the item from order {{ order_number }} arrived damaged. So that we can sort this out quickly, could you please attach a photo of the item and of the packaging to your reply?\nAs soon as we have it, we will send you a replacement free of charge or, if you prefer, a full refund. You do not need to send the damaged item back unless we ask you to."),
            "de": ("Artikel beschädigt angekommen", "es tut uns sehr leid, dass der Artikel aus der Bestellung {{ order_number }} beschädigt angekommen ist. Damit wir das schnell klären können: Könnten Sie Ihrer Antwort bitte ein Foto des Artikels und der Verpackung anhängen?\nSobald wir es haben, schicken wir Ihnen kostenlos Ersatz oder erstatten, wenn Ihnen das lieber ist, den vollen Betrag. Den beschädigten Artikel müssen Sie nur zurücksenden, wenn wir Sie darum bitten."),
            "fr": ("Article arrivé endommagé", "nous sommes vraiment désolés que l'article de la commande {{ order_number }} soit arrivé endommagé. Pour régler cela rapidement, pourriez-vous joindre à votre réponse une photo de l'article et de l'emballage ?\nDès réception, nous vous enverrons gratuitement un article de remplacement ou, si vous préférez, un remboursement intégral. Inutile de nous renvoyer l'article endommagé, sauf si nous vous le demandons."),
            "es": ("Artículo dañado", "sentimos mucho que el artículo del pedido {{ order_number }} haya llegado dañado. Para resolverlo cuanto antes, ¿podría adjuntar a su respuesta una foto del artículo y del embalaje?\nEn cuanto la recibamos, le enviaremos un reemplazo sin coste o, si lo prefiere, le reembolsaremos el importe completo. No es necesario que devuelva el artículo dañado, salvo que se lo pidamos."),
            "it": ("Articolo arrivato danneggiato", "siamo davvero spiacenti che l'articolo dell'ordine {{ order_number }} sia arrivato danneggiato. Per risolvere rapidamente, potrebbe allegare alla sua risposta una foto dell'articolo e dell'imballaggio?\nAppena la riceviamo, le invieremo gratuitamente un articolo sostitutivo o, se preferisce, un rimborso completo. Non deve restituire l'articolo danneggiato, a meno che non glielo chiediamo."),
            "ja": ("商品破損のお詫び", "ご注文 {{ order_number }} の商品が破損した状態で届き、誠に申し訳ございません。迅速に対応いたしますので、商品と梱包材の写真をご返信に添付していただけますでしょうか。\n写真を確認しだい、代替品を無償でお送りするか、ご希望であれば全額返金いたします。当店からお願いしない限り、破損した商品をご返送いただく必要はございません。"),
            "zh": ("商品到货破损", "非常抱歉，订单 {{ order_number }} 的商品到货时出现了破损。为了尽快为您处理，能否在回复中附上商品和包装的照片？\n收到照片后，我们会免费为您补发，或按您的意愿全额退款。除非我们另行告知，破损的商品无需寄回。"),
        },
    },
    {
        "key": "wrong-item",
        "category": "damaged_wrong",
        "intents": ["wrong_or_missing_item"],
        "tags": ["wrong item", "missing"],
        "texts": {
            "en": ("Wrong item received", "we are sorry: it looks like the wrong item was packed for order {{ order_number }}{% if items is defined %} (you ordered: {{ items|join(', ') }}){% endif %}. Could you please attach a photo of the item you received, including its label, to your reply?\nWe will then ship the correct item right away at our cost and send you a prepaid return label for the wrong one."),
            "de": ("Falscher Artikel geliefert", "das tut uns leid: Offenbar wurde für die Bestellung {{ order_number }} der falsche Artikel verpackt{% if items is defined %} (bestellt: {{ items|join(', ') }}){% endif %}. Könnten Sie Ihrer Antwort bitte ein Foto des erhaltenen Artikels mit Etikett anhängen?\nWir versenden dann sofort auf unsere Kosten den richtigen Artikel und schicken Ihnen ein frankiertes Rücksendeetikett für den falschen."),
            "fr": ("Mauvais article reçu", "nous sommes désolés : il semble qu'un mauvais article ait été emballé pour la commande {{ order_number }}{% if items is defined %} (article commandé : {{ items|join(', ') }}){% endif %}. Pourriez-vous joindre à votre réponse une photo de l'article reçu, avec son étiquette ?\nNous vous expédierons alors immédiatement le bon article à nos frais, avec une étiquette de retour prépayée pour le mauvais."),
            "es": ("Artículo equivocado", "lo sentimos: parece que se embaló un artículo equivocado en el pedido {{ order_number }}{% if items is defined %} (usted pidió: {{ items|join(', ') }}){% endif %}. ¿Podría adjuntar a su respuesta una foto del artículo recibido, con su etiqueta?\nEnviaremos de inmediato el artículo correcto a nuestro cargo y le mandaremos una etiqueta de devolución prepagada para el equivocado."),
            "it": ("Articolo sbagliato ricevuto", "ci dispiace: sembra che per l'ordine {{ order_number }} sia stato imballato l'articolo sbagliato{% if items is defined %} (articolo ordinato: {{ items|join(', ') }}){% endif %}. Potrebbe allegare alla sua risposta una foto dell'articolo ricevuto, con l'etichetta?\nSpediremo subito l'articolo corretto a nostre spese e le invieremo un'etichetta di reso prepagata per quello sbagliato."),
            "ja": ("誤った商品のお届けについて", "ご注文 {{ order_number }} にて、誤った商品をお送りしてしまったようで申し訳ございません{% if items is defined %}（ご注文の商品：{{ items|join('、') }}）{% endif %}。お届けした商品のラベルが写った写真をご返信に添付していただけますでしょうか。\n確認後、正しい商品を当店負担ですぐに発送し、誤った商品用の着払い返品ラベルをお送りいたします。"),
            "zh": ("收到错误商品", "非常抱歉，订单 {{ order_number }} 似乎发错了商品{% if items is defined %}（您订购的是：{{ items|join('、') }}）{% endif %}。能否在回复中附上您收到的商品及其标签的照片？\n核实后，我们会立即承担运费为您补发正确的商品，并为错发的商品提供预付退货标签。"),
        },
    },
    {
        "key": "claim-response",
        "category": "claims",
        "intents": ["dispute_claim", "complaint"],
        "tags": ["claim", "a-to-z", "dispute"],
        "texts": {
            "en": ("Answer to a claim", """we have received the claim for order {{ order_number }} and we are sorry the order did not go as it should. We want to resolve this for you directly.
{% if delivered %}
The carrier shows the parcel as delivered on {{ delivery_date }}. If it is not with you, we will open an investigation with {{ carrier }} and, while it runs, send you a replacement or a full refund: please tell us which you prefer.
{% else %}
The parcel has not been delivered yet. We will refund you in full now, or send a replacement if you would rather wait: please tell us which you prefer.
{% endif %}"""),
            "de": ("Antwort auf einen Antrag / Fall", """wir haben den Antrag zur Bestellung {{ order_number }} erhalten und bedauern, dass die Bestellung nicht wie vorgesehen verlaufen ist. Wir möchten das direkt für Sie lösen.
{% if delivered %}
Laut Versanddienstleister wurde das Paket am {{ delivery_date }} zugestellt. Wenn es nicht bei Ihnen ist, leiten wir eine Nachforschung bei {{ carrier }} ein und schicken Ihnen währenddessen Ersatz oder erstatten den vollen Betrag: Bitte sagen Sie uns, was Ihnen lieber ist.
{% else %}
Das Paket wurde noch nicht zugestellt. Wir erstatten Ihnen sofort den vollen Betrag oder schicken Ersatz, wenn Sie lieber warten möchten: Bitte sagen Sie uns, was Ihnen lieber ist.
{% endif %}"""),
            "fr": ("Réponse à une réclamation", """nous avons bien reçu la réclamation concernant la commande {{ order_number }} et nous regrettons que la commande ne se soit pas déroulée comme prévu. Nous voulons régler cela directement avec vous.
{% if delivered %}
Le transporteur indique que le colis a été livré le {{ delivery_date }}. S'il n'est pas chez vous, nous ouvrirons une enquête auprès de {{ carrier }} et, en attendant, nous vous enverrons un remplacement ou vous rembourserons intégralement : dites-nous ce que vous préférez.
{% else %}
Le colis n'a pas encore été livré. Nous pouvons vous rembourser intégralement dès maintenant, ou vous envoyer un remplacement si vous préférez attendre : dites-nous ce que vous préférez.
{% endif %}"""),
            "es": ("Respuesta a una reclamación", """hemos recibido la reclamación del pedido {{ order_number }} y lamentamos que el pedido no haya ido como debía. Queremos resolverlo directamente con usted.
{% if delivered %}
El transportista indica que el paquete se entregó el {{ delivery_date }}. Si no lo tiene, abriremos una investigación con {{ carrier }} y, mientras tanto, le enviaremos un reemplazo o le reembolsaremos el importe completo: díganos qué prefiere.
{% else %}
El paquete aún no se ha entregado. Podemos reembolsarle el importe completo ahora o enviarle un reemplazo si prefiere esperar: díganos qué prefiere.
{% endif %}"""),
            "it": ("Risposta a un reclamo", """abbiamo ricevuto il reclamo per l'ordine {{ order_number }} e ci dispiace che l'ordine non sia andato come doveva. Vogliamo risolvere direttamente con lei.
{% if delivered %}
Il corriere indica che il pacco è stato consegnato il {{ delivery_date }}. Se non è in suo possesso, apriremo un'indagine con {{ carrier }} e nel frattempo le invieremo un articolo sostitutivo o un rimborso completo: ci dica cosa preferisce.
{% else %}
Il pacco non è ancora stato consegnato. Possiamo rimborsarla per intero subito, oppure inviarle un articolo sostitutivo se preferisce attendere: ci dica cosa preferisce.
{% endif %}"""),
            "ja": ("申し立てへのご回答", """ご注文 {{ order_number }} に関する申し立てを承りました。ご注文が正常に完了せず、誠に申し訳ございません。当店で直接解決させていただきます。
{% if delivered %}
配送業者の記録では、お荷物は {{ delivery_date }} に配達済みとなっております。お手元にない場合は {{ carrier }} に調査を依頼し、その間に代替品の発送または全額返金をいたします。ご希望をお知らせください。
{% else %}
お荷物はまだ配達されておりません。すぐに全額返金するか、お待ちいただける場合は代替品をお送りいたします。ご希望をお知らせください。
{% endif %}"""),
            "zh": ("回复索赔/纠纷", """我们已收到关于订单 {{ order_number }} 的索赔，很抱歉这笔订单没有顺利完成。我们希望直接为您解决这个问题。
{% if delivered %}
承运商记录显示包裹已于 {{ delivery_date }} 签收。如果您没有收到，我们会向 {{ carrier }} 发起调查，并在调查期间为您补发或全额退款，请告诉我们您的选择。
{% else %}
包裹尚未送达。我们可以立即为您全额退款；如果您愿意等待，也可以为您补发，请告诉我们您的选择。
{% endif %}"""),
        },
    },
    {
        "key": "thanks-reply",
        "category": "thanks",
        "intents": ["feedback_thanks"],
        "tags": ["thanks", "feedback"],
        "texts": {
            "en": ("Buyer says thanks", "thank you for letting us know that order {{ order_number }} arrived well. If anything about the item is not as expected later on, simply reply to this message and we will help."),
            "de": ("Kunde bedankt sich", "vielen Dank für Ihre Rückmeldung, dass die Bestellung {{ order_number }} gut angekommen ist. Sollte mit dem Artikel später etwas nicht stimmen, antworten Sie einfach auf diese Nachricht – wir helfen gern."),
            "fr": ("Le client remercie", "merci de nous avoir confirmé que la commande {{ order_number }} est bien arrivée. Si quelque chose ne va pas avec l'article par la suite, répondez simplement à ce message et nous vous aiderons."),
            "es": ("El cliente da las gracias", "gracias por confirmarnos que el pedido {{ order_number }} llegó bien. Si más adelante algo del artículo no es como esperaba, responda a este mensaje y le ayudaremos."),
            "it": ("Il cliente ringrazia", "grazie per averci confermato che l'ordine {{ order_number }} è arrivato bene. Se in seguito qualcosa dell'articolo non fosse come previsto, risponda pure a questo messaggio e la aiuteremo."),
            "ja": ("お客様からのお礼への返信", "ご注文 {{ order_number }} が無事に届いたとのご連絡、ありがとうございます。今後、商品について気になる点がございましたら、このメッセージにご返信ください。"),
            "zh": ("回复买家致谢", "感谢您告诉我们订单 {{ order_number }} 已顺利送达。如果之后商品有任何问题，请直接回复此消息，我们会为您处理。"),
        },
    },
]


def entries():
    """Every (key, channel, language) variant as the fields of a ReplyTemplate."""
    for tpl in TEMPLATES:
        for language, (title, core) in tpl["texts"].items():
            body = core if tpl.get("chat") else f"{GREETING[language]}\n\n{core}\n\n{SIGN_OFF[language]}"
            yield {
                "key": tpl["key"],
                "channel": tpl.get("channel", ""),
                "language": language,
                "category": tpl["category"],
                "title": title,
                "body": body,
                "intents": list(tpl["intents"]),
                "tags": list(tpl["tags"]),
            }

"""A starter FAQ the seller loads with one button and then edits: returns, shipping, warranty, customs.

Answers are deliberately generic (no links, no contact details: they pass every platform's rules);
the seller puts in their own days and countries.
"""

from __future__ import annotations

# topic -> language -> (question, [other wordings], answer)
STARTER: dict[str, dict[str, tuple[str, list[str], str]]] = {
    "returns": {
        "en": ("What is your return policy?", ["Can I return an item?", "Until when can I send an item back?"],
               "You can return any item within 30 days of delivery. Write to us here with your order number and we will send you the return instructions."),
        "de": ("Wie sind Ihre Rückgabebedingungen?", ["Kann ich einen Artikel zurückgeben?", "Wie lange habe ich Zeit für eine Rücksendung?"],
               "Sie können jeden Artikel innerhalb von 30 Tagen nach der Zustellung zurückgeben. Schreiben Sie uns hier mit Ihrer Bestellnummer, dann senden wir Ihnen die Anleitung zur Rücksendung."),
        "fr": ("Quelle est votre politique de retour ?", ["Puis-je retourner un article ?", "Combien de jours ai-je pour renvoyer un produit ?"],
               "Vous pouvez retourner tout article dans les 30 jours suivant la livraison. Écrivez-nous ici avec votre numéro de commande et nous vous enverrons les instructions de retour."),
        "es": ("¿Cuál es su política de devoluciones?", ["¿Puedo devolver un artículo?", "¿Cuántos días tengo para devolver algo?"],
               "Puede devolver cualquier artículo en los 30 días siguientes a la entrega. Escríbanos aquí con su número de pedido y le enviaremos las instrucciones de devolución."),
        "it": ("Qual è la vostra politica di reso?", ["Posso restituire un articolo?", "Quanti giorni ho per rimandare un prodotto?"],
               "Può restituire qualsiasi articolo entro 30 giorni dalla consegna. Ci scriva qui con il numero d'ordine e le invieremo le istruzioni per il reso."),
        "ja": ("返品ポリシーを教えてください。", ["商品を返品できますか？", "返品は何日以内なら可能ですか？"],
               "商品はお届けから30日以内であれば返品いただけます。こちらに注文番号をお送りいただければ、返品の手順をご案内いたします。"),
        "zh": ("你们的退货政策是什么？", ["可以退货吗？", "收到货后多少天内可以退？"],
               "收货后 30 天内的商品均可退货。请在这里告诉我们您的订单号，我们会把退货步骤发给您。"),
    },
    "shipping": {
        "en": ("Which countries do you ship to and how long does delivery take?", ["Do you deliver to my country?", "How long does shipping usually take?"],
               "We ship to the EU, the UK, the US, Canada, Australia and Japan. Delivery usually takes 5 to 10 working days after dispatch."),
        "de": ("In welche Länder liefern Sie und wie lange dauert der Versand?", ["Liefern Sie auch in mein Land?", "Wie lange ist ein Paket normalerweise unterwegs?"],
               "Wir liefern in die EU, nach Großbritannien, in die USA, nach Kanada, Australien und Japan. Die Zustellung dauert nach dem Versand meist 5 bis 10 Werktage."),
        "fr": ("Dans quels pays livrez-vous et quels sont les délais ?", ["Livrez-vous dans mon pays ?", "Combien de temps prend la livraison en général ?"],
               "Nous livrons dans l'UE, au Royaume-Uni, aux États-Unis, au Canada, en Australie et au Japon. La livraison prend en général 5 à 10 jours ouvrés après l'expédition."),
        "es": ("¿A qué países envían y cuánto tarda la entrega?", ["¿Envían a mi país?", "¿Cuánto suele tardar el envío?"],
               "Enviamos a la UE, el Reino Unido, EE. UU., Canadá, Australia y Japón. La entrega suele tardar de 5 a 10 días laborables tras el envío."),
        "it": ("In quali paesi spedite e quanto tempo ci vuole?", ["Spedite anche nel mio paese?", "Quanto tempo richiede di solito la spedizione?"],
               "Spediamo nell'UE, nel Regno Unito, negli Stati Uniti, in Canada, in Australia e in Giappone. La consegna richiede di solito da 5 a 10 giorni lavorativi dalla spedizione."),
        "ja": ("どの国に発送していますか？配送にはどのくらいかかりますか？", ["私の国にも配送できますか？", "通常、届くまで何日かかりますか？"],
               "EU、英国、米国、カナダ、オーストラリア、日本に発送しております。発送後、通常5〜10営業日でお届けします。"),
        "zh": ("你们发货到哪些国家？多久能到？", ["能寄到我的国家吗？", "一般运输需要多长时间？"],
               "我们发货到欧盟、英国、美国、加拿大、澳大利亚和日本。发货后一般 5 到 10 个工作日送达。"),
    },
    "warranty": {
        "en": ("Is there a warranty on your products?", ["How long is the guarantee?", "What does the warranty cover?"],
               "Every product has a 2-year warranty against manufacturing defects. If something stops working, write to us here with your order number and a short description."),
        "de": ("Gibt es eine Garantie auf Ihre Produkte?", ["Wie lange gilt die Garantie?", "Was deckt die Gewährleistung ab?"],
               "Auf jedes Produkt gewähren wir 2 Jahre Garantie auf Herstellungsfehler. Falls etwas nicht mehr funktioniert, schreiben Sie uns hier mit Ihrer Bestellnummer und einer kurzen Beschreibung."),
        "fr": ("Vos produits ont-ils une garantie ?", ["Quelle est la durée de la garantie ?", "Que couvre la garantie ?"],
               "Chaque produit est garanti 2 ans contre les défauts de fabrication. Si quelque chose ne fonctionne plus, écrivez-nous ici avec votre numéro de commande et une courte description."),
        "es": ("¿Sus productos tienen garantía?", ["¿Cuánto dura la garantía?", "¿Qué cubre la garantía?"],
               "Todos los productos tienen 2 años de garantía contra defectos de fabricación. Si algo deja de funcionar, escríbanos aquí con su número de pedido y una breve descripción."),
        "it": ("I vostri prodotti hanno una garanzia?", ["Quanto dura la garanzia?", "Che cosa copre la garanzia?"],
               "Ogni prodotto ha una garanzia di 2 anni sui difetti di fabbricazione. Se qualcosa smette di funzionare, ci scriva qui con il numero d'ordine e una breve descrizione."),
        "ja": ("商品に保証はありますか？", ["保証期間はどのくらいですか？", "保証の対象は何ですか？"],
               "すべての商品に製造上の欠陥に対する2年間の保証がございます。不具合がございましたら、注文番号と簡単な状況をこちらにお送りください。"),
        "zh": ("你们的产品有保修吗？", ["保修期多长？", "保修包括哪些情况？"],
               "所有产品对制造缺陷提供 2 年保修。如果出现故障，请在这里告诉我们订单号并简单描述问题。"),
    },
    "customs": {
        "en": ("Will I have to pay customs duties or import taxes?", ["Are import fees included in the price?", "Do I pay VAT on delivery?"],
               "For the EU and the UK, VAT and duties are included in the price. For other countries, import duties may be charged by your customs office on delivery."),
        "de": ("Muss ich Zoll oder Einfuhrsteuern bezahlen?", ["Sind Einfuhrgebühren im Preis enthalten?", "Fällt bei der Zustellung Mehrwertsteuer an?"],
               "Für die EU und Großbritannien sind Mehrwertsteuer und Zölle im Preis enthalten. In anderen Ländern kann Ihr Zollamt bei der Zustellung Einfuhrabgaben erheben."),
        "fr": ("Devrai-je payer des droits de douane ou des taxes d'importation ?", ["Les frais d'importation sont-ils inclus dans le prix ?", "Dois-je payer la TVA à la livraison ?"],
               "Pour l'UE et le Royaume-Uni, la TVA et les droits sont inclus dans le prix. Pour les autres pays, des droits d'importation peuvent être perçus par votre douane à la livraison."),
        "es": ("¿Tendré que pagar aranceles o impuestos de importación?", ["¿Los gastos de importación están incluidos en el precio?", "¿Pago el IVA en la entrega?"],
               "Para la UE y el Reino Unido, el IVA y los aranceles están incluidos en el precio. En otros países, su aduana puede cobrar impuestos de importación en la entrega."),
        "it": ("Dovrò pagare dazi doganali o tasse di importazione?", ["I costi di importazione sono inclusi nel prezzo?", "Devo pagare l'IVA alla consegna?"],
               "Per l'UE e il Regno Unito, IVA e dazi sono inclusi nel prezzo. Per gli altri paesi, la dogana può addebitare dazi di importazione alla consegna."),
        "ja": ("関税や輸入税を支払う必要がありますか？", ["輸入手数料は価格に含まれていますか？", "配達時に消費税を払いますか？"],
               "EUと英国向けは、付加価値税と関税が価格に含まれております。その他の国では、配達時に税関から輸入税が請求される場合がございます。"),
        "zh": ("我需要支付关税或进口税吗？", ["价格里包含进口费用吗？", "收货时要交增值税吗？"],
               "发往欧盟和英国的订单，增值税和关税已包含在价格中。其他国家可能会在派送时由当地海关收取进口税。"),
    },
}

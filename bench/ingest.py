"""Ingest benchmark: raw email bytes -> triaged, threaded, routed conversations, with ONE worker.

    .venv/bin/python bench/ingest.py [--messages 10000] [--backend sqlite|postgresql|all] [--profile FILE]

For each backend, on a fresh database (a new SQLite file; a PostgreSQL database created
on 127.0.0.1:5432 and dropped afterwards), a child process configured only through the
environment (DATABASE_URL, SELLERDESK_TASK_BACKEND=db) migrates, then, timed:

1. stores every mail as the IMAP poller does: pipeline.store_deliveries, one transaction per
   fetch of up to 50 mails, which wakes the intake (one django-tasks-db task while none is queued);
2. runs the real worker loop — `sellerdesk worker --batch`, django-tasks-db's db_worker,
   called in this same process so triage time can be measured — until the queue is empty.

It then checks every message was processed, threaded, linked to a customer, triaged,
given a deadline and routed, and prints one JSON line per backend. `triage_share` is the
part of the worker phase spent inside sellerdesk.triage.analyze (timed by a wrapper).
The mails are generated (seeded, no network): en, de, fr, es, it, ja (ISO-2022-JP),
zh (GB2312 or UTF-8); Amazon relay mails from @marketplace.amazon.com/.de/.co.jp with
order numbers; follow-ups with In-Reply-To and quoted text; some HTML.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261123
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}

# --- what buyers write ----------------------------------------------------------------------

NAMES = {
    "en": ["James Miller", "Emily Clark", "Michael Brown", "Sarah Wilson", "David Lee", "Laura Scott", "Chris Young"],
    "de": ["Hans Meier", "Anna Schmidt", "Jürgen Weiß", "Katrin Müller", "Lukas Becker", "Sabine Koch"],
    "fr": ["Claire Dubois", "Julien Martin", "Sophie Lefèvre", "Hélène Moreau", "Thomas Girard"],
    "es": ["Lucía García", "Javier Fernández", "Carmen López", "Pablo Sánchez", "Marta Ruiz"],
    "it": ["Giulia Rossi", "Marco Bianchi", "Francesca Romano", "Luca Ferrari", "Chiara Esposito"],
    "ja": ["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健"],
    "zh": ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆"],
}
DOMAINS = {
    "en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
    "de": ["gmx.de", "web.de", "t-online.de", "gmail.com"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
    "es": ["gmail.com", "hotmail.es", "telefonica.net"],
    "it": ["libero.it", "virgilio.it", "gmail.com"],
    "ja": ["docomo.ne.jp", "yahoo.co.jp", "gmail.com"],
    "zh": ["qq.com", "163.com", "126.com", "sina.com"],
}
# (subject, body sentences) per language; {order} and {tracking} are filled in.
TOPICS = {
    "en": [
        ("Where is my order?", ["I ordered a blender two weeks ago (order {order}) and it still has not arrived.", "The tracking number {tracking} has not moved for five days. Can you check what is going on?"]),
        ("Return request", ["I would like to return the jacket I bought, it is too small.", "How do I get a return label? The order number is {order}."]),
        ("Item arrived damaged", ["The lamp arrived with a cracked base and the box was crushed.", "I attached a photo. I want a replacement or a refund."]),
        ("Cancel my order please", ["Please cancel order {order}, I ordered the wrong size by mistake.", "It has not shipped yet according to the website."]),
        ("Question about the charger", ["Does this charger work with 110 V and 230 V?", "I am travelling to Europe next month."]),
        ("Still no refund!!", ["This is the third time I write. You promised a refund ten days ago and I have seen nothing.", "If I do not get my money back by Friday I will open a chargeback with my bank."]),
        ("Invoice needed", ["Could you send me an invoice with VAT for order {order}?", "My company needs it for accounting."]),
    ],
    "de": [
        ("Wo ist meine Bestellung?", ["Ich warte seit zwei Wochen auf meine Bestellung {order}.", "Die Sendungsnummer {tracking} zeigt seit Tagen keinen Fortschritt. Können Sie das bitte prüfen?"]),
        ("Rücksendung", ["Ich möchte die Schuhe zurückschicken, sie passen leider nicht.", "Bitte senden Sie mir ein Rücksendeetikett."]),
        ("Ware beschädigt angekommen", ["Das Paket kam beschädigt an, die Glasschale ist zerbrochen.", "Ich hätte gerne Ersatz oder mein Geld zurück."]),
        ("Stornierung", ["Bitte stornieren Sie meine Bestellung {order}.", "Ich habe versehentlich zweimal bestellt."]),
        ("Frage zum Artikel", ["Ist der Rucksack wasserdicht?", "Passt ein 15-Zoll-Laptop hinein?"]),
        ("Immer noch keine Erstattung", ["Ich warte seit drei Wochen auf die versprochene Erstattung. Das ist eine Frechheit!", "Wenn bis Montag nichts passiert, schalte ich meinen Anwalt ein."]),
    ],
    "fr": [
        ("Où est ma commande ?", ["Ma commande {order} n'est toujours pas arrivée après dix jours.", "Le suivi {tracking} n'a pas bougé. Pouvez-vous vérifier ?"]),
        ("Demande de retour", ["Je souhaite retourner la robe, la taille ne convient pas.", "Comment obtenir une étiquette de retour ?"]),
        ("Produit endommagé", ["Le colis est arrivé abîmé et la tasse est cassée.", "Je voudrais un remplacement."]),
        ("Annulation de commande", ["Merci d'annuler ma commande {order}.", "Je me suis trompé de couleur."]),
        ("Question sur le produit", ["Est-ce que cette montre est étanche ?", "Je voudrais nager avec."]),
    ],
    "es": [
        ("¿Dónde está mi pedido?", ["Hace dos semanas que hice el pedido {order} y todavía no ha llegado.", "El seguimiento {tracking} no se actualiza. ¿Pueden revisarlo?"]),
        ("Devolución", ["Quiero devolver las zapatillas porque me quedan pequeñas.", "¿Cómo consigo la etiqueta de devolución?"]),
        ("Producto dañado", ["El paquete llegó roto y la botella estaba rota.", "Quiero un reembolso completo."]),
        ("Cancelar pedido", ["Por favor cancelen mi pedido {order}.", "Lo pedí por error."]),
        ("Pregunta sobre el producto", ["¿Este cargador es compatible con el iPhone 15?", "Gracias de antemano."]),
    ],
    "it": [
        ("Dov'è il mio ordine?", ["Ho ordinato dieci giorni fa (ordine {order}) e non è ancora arrivato nulla.", "Il tracking {tracking} è fermo. Potete controllare?"]),
        ("Reso", ["Vorrei restituire la giacca, è troppo grande.", "Come posso ottenere l'etichetta per il reso?"]),
        ("Prodotto danneggiato", ["Il pacco è arrivato danneggiato e il vaso è rotto.", "Chiedo la sostituzione."]),
        ("Annullare l'ordine", ["Per favore annullate l'ordine {order}.", "Ho sbagliato modello."]),
    ],
    "ja": [
        ("注文した商品がまだ届きません", ["二週間前に注文した商品（注文番号 {order}）がまだ届いていません。", "追跡番号 {tracking} の状況を確認していただけますか。"]),
        ("返品について", ["サイズが合わないので返品したいです。", "返品の手順を教えてください。"]),
        ("商品が破損していました", ["届いた商品が破損していました。箱もつぶれていました。", "交換か返金をお願いします。"]),
        ("注文のキャンセル", ["注文 {order} をキャンセルしてください。", "間違えて注文してしまいました。"]),
    ],
    "zh": [
        ("我的订单还没到", ["我两周前下的订单 {order} 到现在还没有收到。", "物流单号 {tracking} 一直没有更新，请帮我查一下。"]),
        ("退货申请", ["衣服尺码不合适，我想退货。", "请告诉我怎么寄回。"]),
        ("收到的商品有损坏", ["收到的杯子是碎的，包装也破了。", "请给我换一个新的或者退款。"]),
        ("取消订单", ["请帮我取消订单 {order}，我买错了颜色。", "谢谢。"]),
        ("产品咨询", ["这个充电器支持快充吗？", "适用于华为手机吗？"]),
    ],
}
GREETING = {"en": "Hello,", "de": "Guten Tag,", "fr": "Bonjour,", "es": "Hola,", "it": "Buongiorno,", "ja": "お世話になっております。", "zh": "你好，"}
CLOSING = {"en": "Thanks,", "de": "Viele Grüße", "fr": "Cordialement,", "es": "Saludos,", "it": "Cordiali saluti,", "ja": "よろしくお願いいたします。", "zh": "谢谢！"}
FOLLOW_UP = {
    "en": ["Any update on this?", "I am still waiting for an answer.", "Thank you, the package arrived today."],
    "de": ["Gibt es schon Neuigkeiten?", "Ich warte immer noch auf eine Antwort.", "Danke, das Paket ist angekommen."],
    "fr": ["Avez-vous des nouvelles ?", "J'attends toujours une réponse.", "Merci, le colis est arrivé."],
    "es": ["¿Alguna novedad?", "Sigo esperando una respuesta.", "Gracias, el paquete llegó hoy."],
    "it": ["Ci sono novità?", "Sto ancora aspettando una risposta.", "Grazie, il pacco è arrivato."],
    "ja": ["その後いかがでしょうか。", "まだ返信をいただいていません。", "本日商品が届きました。ありがとうございました。"],
    "zh": ["请问有进展了吗？", "我还在等你们的回复。", "谢谢，包裹今天到了。"],
}
ATTRIBUTION = {
    "en": "On {date}, {name} <{addr}> wrote:",
    "de": "Am {date} schrieb {name} <{addr}>:",
    "fr": "Le {date}, {name} <{addr}> a écrit :",
    "es": "El {date}, {name} <{addr}> escribió:",
    "it": "Il giorno {date} {name} <{addr}> ha scritto:",
    "ja": "{date} {name} <{addr}>:",
    "zh": "在 {date}，{name} <{addr}> 写道：",
}
RE = {"en": "Re: ", "de": "AW: ", "fr": "RE: ", "es": "RE: ", "it": "R: ", "ja": "Re: ", "zh": "回复："}
LANG_WEIGHTS = {"en": 30, "de": 20, "fr": 10, "es": 10, "it": 8, "ja": 10, "zh": 12}
# Amazon relay: the store's domain, marketplace subject line, and the relay's marker lines.
AMAZON = {
    "en": ("com", "Inquiry from Amazon customer {first} (Order: {order})"),
    "de": ("de", "Anfrage von Amazon-Kunde {first} (Bestellung: {order})"),
    "ja": ("co.jp", "Amazon.co.jpのお客様 {first} 様からの問い合わせ（注文番号: {order}）"),
}
RELAY_BODY = (
    "------------- Begin message -------------\n\n{text}\n\n------------- End message -------------\n\n"
    "For Your Information: To help arrive at a resolution, Amazon may review messages.\n"
    "To mark this message as no response needed, click here: "
    "https://sellercentral.amazon.{tld}/messaging/reply?noResponseNeeded=1&msg={token}\n\n[commMgrTok:{token}]\n"
)


class MailMaker:
    """Seeded generator of realistic raw mails; remembers sent mails so follow-ups can quote them."""

    def __init__(self, count: int, seed: int = SEED):
        self.rng = random.Random(seed)
        self.count = count
        self.clock = datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)
        self.customers = [self._customer(i) for i in range(max(1, count // 3))]
        self.sent: list[dict] = []  # earlier mails, for follow-ups

    def _customer(self, i: int) -> dict:
        lang = self.rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]
        name = self.rng.choice(NAMES[lang])
        local = f"{''.join(c for c in name.lower() if c.isascii() and c.isalnum()) or 'buyer'}{i}"
        amazon = lang in AMAZON and self.rng.random() < 0.35
        if amazon:
            tld = AMAZON[lang][0]
            addr = f"{uuid.UUID(int=self.rng.getrandbits(128)).hex[:15]}@marketplace.amazon.{tld}"
        else:
            addr = f"{local}@{self.rng.choice(DOMAINS[lang])}"
        return {"lang": lang, "name": name, "addr": addr, "amazon": amazon}

    def _order(self) -> str:
        r = self.rng.randrange
        return f"{r(100, 999)}-{r(10**6, 10**7):07d}-{r(10**6, 10**7):07d}"

    def _body(self, lang: str, sentences: list[str], name: str, order: str) -> str:
        tracking = f"1Z{self.rng.randrange(10**15, 10**16)}"
        text = " ".join(s.format(order=order, tracking=tracking) for s in sentences)
        return f"{GREETING[lang]}\n\n{text}\n\n{CLOSING[lang]}\n{name}"

    def mails(self):
        for n in range(self.count):
            self.clock += timedelta(seconds=self.rng.randrange(30, 240))
            earlier = self.sent and self.rng.random() < 0.2
            yield self._follow_up(self.rng.choice(self.sent[-2000:])) if earlier else self._new(n)

    def _new(self, n: int) -> bytes:
        # A few customers write often, most once or twice.
        regulars = max(1, len(self.customers) // 20)
        who = self.customers[self.rng.randrange(regulars if self.rng.random() < 0.3 else len(self.customers))]
        lang = who["lang"]
        subject, sentences = self.rng.choice(TOPICS[lang])
        order = self._order()
        text = self._body(lang, sentences, who["name"], order)
        if who["amazon"]:
            tld, pattern = AMAZON[lang]
            subject = pattern.format(first=who["name"].split()[0], order=order)
            token = uuid.UUID(int=self.rng.getrandbits(128)).hex[:13].upper()
            text = RELAY_BODY.format(text=text, tld=tld, token=token)
            mid = f"<0100018c{self.rng.getrandbits(40):010x}-{n}@email.amazonses.com>"
        else:
            mid = f"<{uuid.UUID(int=self.rng.getrandbits(128))}@{who['addr'].split('@')[1]}>"
        record = {"who": who, "subject": subject, "text": text, "mid": mid, "refs": [], "date": self.clock}
        self.sent.append(record)
        return self._render(record)

    def _follow_up(self, parent: dict) -> bytes:
        who, lang = parent["who"], parent["who"]["lang"]
        new = self.rng.choice(FOLLOW_UP[lang])
        attribution = ATTRIBUTION[lang].format(date=format_datetime(parent["date"]), name=who["name"], addr=who["addr"])
        quoted = "\n".join(f"> {line}" if line else ">" for line in parent["text"].splitlines())
        subject = parent["subject"] if parent["subject"].startswith(RE[lang]) else RE[lang] + parent["subject"]
        mid = f"<{uuid.UUID(int=self.rng.getrandbits(128))}@{who['addr'].split('@')[1]}>"
        record = {
            "who": who, "subject": subject, "text": f"{new}\n\n{who['name']}\n\n{attribution}\n{quoted}", "mid": mid,
            "refs": [*parent["refs"], parent["mid"]][-10:], "date": self.clock,
        }
        self.sent.append(record)
        return self._render(record)

    def _render(self, m: dict) -> bytes:
        who, lang = m["who"], m["who"]["lang"]
        charset = self._charset(lang)
        html = self.rng.random() < 0.15
        plain = MIMEText(m["text"], "plain", charset)
        if html:
            body = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in m["text"].split("\n\n"))
            msg = MIMEMultipart("alternative")
            msg.attach(plain)
            msg.attach(MIMEText(f"<html><body><div dir=\"ltr\">{body}</div></body></html>", "html", "utf-8"))
        else:
            msg = plain
        header_charset = "iso-2022-jp" if lang == "ja" else "utf-8"
        display = f"{who['name']} - Amazon Marketplace" if who["amazon"] else who["name"]
        domain = who["addr"].split("@")[1]
        msg["Return-Path"] = f"<{who['addr']}>"
        msg["Received"] = f"from mail.{domain} (mail.{domain} [203.0.113.{self.rng.randrange(1, 255)}]) by mx.shop.example with ESMTPS; {format_datetime(m['date'])}"
        msg["DKIM-Signature"] = f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s1; h=from:to:subject:date:message-id; bh={self.rng.getrandbits(256):064x}; b={self.rng.getrandbits(1024):0256x}"
        msg["Authentication-Results"] = f"mx.shop.example; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}"
        msg["From"] = formataddr((display, who["addr"]), charset=header_charset)
        msg["To"] = "support@shop.example"
        msg["Subject"] = Header(m["subject"], header_charset).encode()
        msg["Date"] = format_datetime(m["date"])
        msg["Message-ID"] = m["mid"]
        if m["refs"]:
            msg["In-Reply-To"] = m["refs"][-1]
            msg["References"] = " ".join(m["refs"])
        return msg.as_bytes()

    def _charset(self, lang: str):
        if lang == "ja":
            return "iso-2022-jp"  # 7bit, what Japanese mobile and desktop mailers still send
        if lang == "zh" and self.rng.random() < 0.5:
            return "gb2312"
        if self.rng.random() < 0.5:
            cs = Charset("utf-8")
            cs.body_encoding = QP
            return cs
        return "utf-8"


# --- one backend, in a child process configured by the environment ---------------------------


def seed_desk(count: int) -> tuple:
    """A migrated desk with six agents and one mailbox (Django set up), and `count` mails for it."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from sellerdesk.accounts.models import AgentProfile
    from sellerdesk.channels.models import ChannelAccount

    call_command("migrate", verbosity=0, skip_checks=True)
    for i, langs in enumerate([["en"], ["en", "de"], ["fr", "es", "it"], ["ja"], ["zh", "en"], ["de", "en"]]):
        user = get_user_model().objects.create(username=f"agent{i}")
        AgentProfile.objects.create(user=user, languages=langs, capacity=count, is_senior=i < 2)
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    return account, list(MailMaker(count).mails())


def run_child(count: int, profile: str) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from sellerdesk import triage
    from sellerdesk.channels import pipeline
    from sellerdesk.channels.email import imap
    from sellerdesk.channels.email.inbound import message_id_of
    from sellerdesk.channels.models import RawDelivery
    from sellerdesk.conversations.models import Conversation, Message
    from sellerdesk.customers.models import Customer

    account, mails = seed_desk(count)
    # What a running worker has done once before: the triage model, the SLA calendars (pipeline.warm_up).
    pipeline.warm_up()
    from sellerdesk.channels import prep

    helpers = prep.helpers()  # what a running worker has already: its helper processes, warmed up
    if helpers is not None:
        helpers.wait(timeout=300)

    # Triage runs as analyze() (one message) or analyze_many() (the pipeline's look-ahead batch).
    spent = [0.0]
    originals = {name: getattr(triage, name) for name in ("analyze", "analyze_many")}

    def timed(fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t

        return wrapper

    for name, fn in originals.items():
        setattr(triage, name, timed(fn))
    others = _OtherCpu(helpers, connection)
    collecting = _GcTime()
    started, cpu_started = time.perf_counter(), time.process_time()
    # As the IMAP poller stores them: one transaction per fetch of up to imap.BATCH mails.
    for start in range(0, len(mails), imap.BATCH):
        poll = mails[start:start + imap.BATCH]
        pipeline.store_deliveries(account, [(message_id_of(raw), raw, {}) for raw in poll], channel="email")
    stored, store_cpu = time.perf_counter(), time.process_time() - cpu_started
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    call_command("worker", batch=True)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    helpers_cpu, database_cpu = others.spent()
    for name, fn in originals.items():
        setattr(triage, name, fn)

    statuses = dict(RawDelivery.objects.values_list("status").annotate(n=Count("id")))
    conversations = Conversation.objects.count()
    checks = {
        "deliveries": statuses,
        "conversations": conversations,
        "customers": Customer.objects.count(),
        "messages_without_language": Message.objects.filter(language="").count(),
        "conversations_without_deadline": Conversation.objects.filter(next_deadline_at=None).count(),
        "conversations_without_intent": Conversation.objects.filter(intent="").count(),
        "conversations_unassigned": Conversation.objects.filter(assignee=None).count(),
        "amazon_conversations": Conversation.objects.filter(channel="amazon").count(),
    }
    messages = Message.objects.count()
    seconds = finished - started
    return {
        "backend": "postgresql" if connection.vendor == "postgresql" else connection.vendor,
        "messages": messages,
        "seconds": round(seconds, 2),
        "messages_per_s": round(messages / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # On a shared machine wall time depends on the neighbours; CPU time of this process much less.
        "cpu_seconds": round(cpu, 2),
        "messages_per_cpu_s": round(messages / cpu, 1),
        # The whole pipeline's CPU: this process, its helper processes, and the PostgreSQL server
        # process serving it (SQLite runs inside this process). On a loaded machine wall time
        # says little; with 2 free cores the wall time is about max(writer, all / 2).
        "helpers_cpu_seconds": round(helpers_cpu, 2),
        "database_cpu_seconds": round(database_cpu, 2),
        "all_cpu_seconds": round(cpu + helpers_cpu + database_cpu, 2),
        "messages_per_all_cpu_s": round(messages / (cpu + helpers_cpu + database_cpu), 1),
        "gc_seconds": round(collecting.seconds, 2),  # the writer's garbage collections (part of cpu_seconds)
        "store_seconds": round(stored - started, 2),
        "store_cpu_seconds": round(store_cpu, 2),
        "worker_seconds": round(finished - stored, 2),
        "triage_seconds": round(spent[0], 2),
        "triage_share": round(spent[0] / (finished - stored), 3),
        "mode": "one db_worker loop (sellerdesk worker --batch) in the benchmark process",
        # who parses and triages the next batches: helper processes, the worker's own thread, or no one ahead
        "ingest_prep": f"{helpers.count} helper processes" if isinstance(helpers, prep.Helpers) else ("thread" if helpers else "inline"),
        "ingest_batch": settings.INGEST_BATCH,
        "checks": checks,
    }


class _GcTime:
    """Seconds this process spends in the garbage collector from now on.

    Read with perf_counter: process_time() is a system call, and at a thousand collections it cost
    the writer a twentieth of its time here (collections are CPU work: the two agree when the
    process is not preempted)."""

    def __init__(self):
        import gc

        self.seconds, self._start = 0.0, None
        gc.callbacks.append(self._callback)

    def _callback(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        elif self._start is not None:
            self.seconds += time.perf_counter() - self._start


class _OtherCpu:
    """CPU seconds spent from now on by the helper processes and by the PostgreSQL backends serving
    this process (all on this machine: read from /proc). The worker may reconnect (connections
    older than CONN_MAX_AGE are closed between tasks): each backend is read just before its close."""

    def __init__(self, helpers, connection):
        self.connection = connection
        self.pids = [p.pid for p in getattr(getattr(helpers, "pool", None), "_processes", {}).values()]
        self.helpers_start = sum(self._cpu(p) for p in self.pids)
        self.database = 0.0
        self.backend = None  # (pid, its CPU when first seen)
        if connection.vendor == "postgresql":
            from django.db.backends.signals import connection_created

            connection_created.connect(self._created)
            self._watch()
            close = connection.close

            def read_then_close():
                self._account()
                close()

            connection.close = read_then_close

    @staticmethod
    def _cpu(pid) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def _watch(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        self.backend = (pid, self._cpu(pid))

    def _created(self, sender, connection, **kwargs):
        if connection is self.connection and self.backend is None:
            self._watch()

    def _account(self) -> None:
        if self.backend is not None:
            pid, start = self.backend
            self.database += self._cpu(pid) - start
            self.backend = None

    def spent(self) -> tuple[float, float]:
        self._account()
        return sum(self._cpu(p) for p in self.pids) - self.helpers_start, self.database


# --- parent: fresh databases, one child per backend --------------------------------------------


def run_backend(backend: str, count: int, profile: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="sellerdesk.settings", SELLERDESK_TASK_BACKEND="db", SELLERDESK_LOG_LEVEL="WARNING")
    args = [sys.executable, __file__, "--child", "--messages", str(count)]
    if profile:
        args += ["--profile", f"{profile}.{backend}"]
    with tempfile.TemporaryDirectory(prefix="sd-bench-") as tmp:
        dbname = ""
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            import psycopg

            dbname = f"sd_bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
                conn.execute(f'CREATE DATABASE "{dbname}"')
            env["DATABASE_URL"] = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{dbname}"
        try:
            log = Path(tmp) / "child.log"
            with open(log, "w") as err:
                proc = subprocess.run(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
            if proc.returncode != 0:
                sys.stderr.write(log.read_text()[-5000:])
                raise SystemExit(f"{backend}: benchmark child failed ({proc.returncode})")
            return json.loads(proc.stdout.strip().splitlines()[-1])
        finally:
            if dbname:
                with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--profile", default="", help="write cProfile stats of the worker phase to FILE.<backend>")
    parser.add_argument("--checks", action="store_true", help="print the correctness checks too")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(run_child(opts.messages, opts.profile), ensure_ascii=False))
        return
    for backend in ["sqlite", "postgresql"] if opts.backend == "all" else [opts.backend]:
        result = run_backend(backend, opts.messages, opts.profile)
        checks = result.pop("checks")
        if opts.checks:
            result["checks"] = checks
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

"""Reply template benchmark: sandboxed rendering of the starter library, and suggestions for a conversation.

    .venv/bin/python bench/templates.py [--rounds 20] [--library 2000]

Renders every starter text (77) with sample values `rounds` times (a fresh
parse each time, as the panel does), then, on a throw-away SQLite database
holding the starter library plus `library` extra templates, times suggest()
for a conversation. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--library", type=int, default=2000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-templates-")
    os.environ["SELLERDESK_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations.models import Conversation
    from sellerdesk.customers.models import Customer
    from sellerdesk.lib import clock
    from sellerdesk.replies.library.starter import entries
    from sellerdesk.replies.models import ReplyTemplate
    from sellerdesk.replies.templating.render import render
    from sellerdesk.replies.templating.suggest import suggest
    from sellerdesk.replies.templating.variables import sample_values

    texts = list(entries())
    values = {e["language"]: sample_values(e["language"]) for e in texts}
    start = time.perf_counter()
    for _ in range(args.rounds):
        for e in texts:
            assert render(e["body"], values[e["language"]]).ok or "[[answer]]" in e["body"]
    render_ms = (time.perf_counter() - start) * 1000 / (args.rounds * len(texts))

    now = clock.now()
    langs = ["en", "de", "fr", "es", "it", "ja", "zh"]
    ReplyTemplate.objects.bulk_create([
        ReplyTemplate(key=f"extra-{i}", language=langs[i % 7], category="product", title=f"Extra {i}", body="Hello {{ customer_first_name }}",
                      intents=["product_question"], created_at=now, updated_at=now)
        for i in range(args.library)
    ])
    account = ChannelAccount.objects.create(kind="amazon", name="Shop", marketplace="DE")
    customer = Customer.objects.create(name="Jana", language="de", created_at=now)
    conv = Conversation.objects.create(channel="amazon", account=account, customer=customer, language="de", intent="order_status",
                                       created_at=now, last_message_at=now)
    n = 50
    start = time.perf_counter()
    for _ in range(n):
        suggest(conv)
    suggest_ms = (time.perf_counter() - start) * 1000 / n
    print(json.dumps({"templates_rendered": len(texts) * args.rounds, "render_ms_each": round(render_ms, 3),
                      "library_size": ReplyTemplate.objects.count(), "suggest_ms_each": round(suggest_ms, 2)}))


if __name__ == "__main__":
    main()

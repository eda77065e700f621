"""`sellerdesk mailsink`: the demo outbox SMTP server (keeps every mail in DATA_DIR/outbox)."""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sellerdesk.channels.email.mailsink import outbox_dir, start_mailsink


class Command(BaseCommand):
    help = "Run the demo outbox: an SMTP server on 127.0.0.1 that stores every mail as an .eml file."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (keep it local: it accepts any login).")
        parser.add_argument("--port", type=int, default=settings.MAILSINK_PORT)

    def handle(self, host, port, **options):
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
        try:
            controller = start_mailsink(host, port)
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"Demo outbox listening on {host}:{port}, storing mail in {outbox_dir()}")
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            controller.stop()

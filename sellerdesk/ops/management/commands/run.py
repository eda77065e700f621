"""`sellerdesk run`: migrate, load demo data, then serve web + worker + scheduler in one go."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start SellerDesk: web server, task worker and scheduler (migrates and loads demo data first)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, host, port, no_demo, threads, **options):
        call_command("migrate", interactive=False, verbosity=0)
        login = None
        if not no_demo:
            login = call_command("seed_demo", verbosity=0, stdout=io.StringIO())  # printed below, once
        children = []
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="sellerdesk.settings")
        if settings.TASK_BACKEND != "immediate":
            children.append(subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "worker"], env=env))
        children.append(subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "scheduler"], env=env))
        if not no_demo:
            # The demo accounts send their mail to this local outbox.
            children.append(
                subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "mailsink", "--port", str(settings.MAILSINK_PORT)], env=env)
            )

        def stop(*_):
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
            sys.exit(0)

        signal.signal(signal.SIGTERM, stop)
        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
        self.stdout.write(self.style.SUCCESS(f"SellerDesk is running at {url}"))
        if login:
            self.stdout.write(f"Demo login: {login}")
        self.stdout.write(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, task queue: {settings.TASK_BACKEND}")
        sys.stdout.flush()
        # The first reply checked before a send would otherwise wait for the sentence encoder.
        from sellerdesk.replies.compliance import warm_up

        threading.Thread(target=warm_up, name="compliance-warm-up", daemon=True).start()
        from waitress import serve

        from sellerdesk.wsgi import application

        try:
            serve(application, host=host, port=port, threads=threads, ident="SellerDesk")
        finally:
            stop()

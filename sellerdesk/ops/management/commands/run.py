"""`sellerdesk run`: migrate (and with --demo load the demo data), then serve web + worker + scheduler."""

from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sellerdesk.demo import safety as demo_safety
from sellerdesk.lib import crypto
from sellerdesk.lib.envvars import env_int, env_str


class Command(BaseCommand):
    help = "Start SellerDesk: web server, task worker and scheduler (migrates first; --demo loads the demo data)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=env_str("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", "8000"))
        parser.add_argument("--demo", action="store_true",
                            help="Load the demo data and its published login (refused with SELLERDESK_PRODUCTION).")
        # Older scripts pass --no-demo: no demo is now the default, so it is accepted and changes nothing.
        parser.add_argument("--no-demo", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, host, port, demo, threads, **options):
        if demo and settings.PRODUCTION:
            raise CommandError(demo_safety.REFUSED_IN_PRODUCTION)
        call_command("migrate", interactive=False, verbosity=0)
        moved, unreadable = crypto.reencrypt_all()
        if moved:
            self.stdout.write(f"Channel credentials of {moved} account(s) re-encrypted with the current key.")
        if unreadable:
            self.stderr.write(f"Channel credentials of {unreadable} account(s) cannot be read with the configured keys: enter them again on the Channels page.")
        if settings.PRODUCTION:
            for username in demo_safety.lock_published_logins():
                self.stderr.write(f"Production: the demo login {username!r} had the published password; it can no longer sign in.")
        login = None
        if demo:
            login = call_command("seed_demo", verbosity=0, stdout=io.StringIO())  # printed below, once
        children = []
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="sellerdesk.settings")
        if settings.TASK_BACKEND != "immediate":
            children.append(subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "worker"], env=env))
        children.append(subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "scheduler"], env=env))
        if demo:
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
        if host in ("0.0.0.0", "::") and not env_str("SELLERDESK_ALLOWED_HOSTS", ""):
            self.stdout.write(f"Answering only to the host names {', '.join(settings.ALLOWED_HOSTS)}: "
                              "set SELLERDESK_ALLOWED_HOSTS (or SELLERDESK_BASE_URL) to reach it by another name.")
        if login:
            self.stdout.write(f"Demo login: {login}")
        self.stdout.write(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, task queue: {settings.TASK_BACKEND}")
        sys.stdout.flush()
        # The first reply checked before a send would otherwise wait for the sentence encoder.
        from sellerdesk.replies.compliance import warm_up_in_background

        warm_up_in_background()
        from waitress import serve

        from sellerdesk.wsgi import application

        try:
            # Each open web chat stream holds a thread (docs/webchat.md): those come on top.
            serve(application, host=host, port=port, threads=threads + settings.WEBCHAT_STREAMS, ident="SellerDesk",
                  **server_limits())
        finally:
            stop()


def server_limits() -> dict:
    """waitress options: the request size limit, and the TLS proxy whose forwarded headers count."""
    options = {"max_request_body_size": settings.MAX_REQUEST_BYTES,
               # waitress's default of 100 connections, plus the web chat streams held open.
               "connection_limit": 100 + settings.WEBCHAT_STREAMS}
    if settings.TRUSTED_PROXY:
        # X-Forwarded-Proto makes the request https (secure cookies, no redirect), X-Forwarded-For
        # names the client; from any other peer waitress drops these headers.
        options.update(trusted_proxy=settings.TRUSTED_PROXY, trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"})
    return options

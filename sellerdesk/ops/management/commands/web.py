from django.core.management.base import BaseCommand

from sellerdesk.lib.envvars import env_int, env_str
from sellerdesk.ops import webserver


class Command(BaseCommand):
    help = ("Serve the web UI, API and webhooks with gunicorn (several worker processes): the production web server. "
            "Run `sellerdesk migrate` first; workers and the scheduler are separate commands (docs/deploy.md).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=env_str("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=env_int("SELLERDESK_WEB_WORKERS", "0") or webserver.default_workers(),
                            help="worker processes (default: SELLERDESK_WEB_WORKERS, else two per core)")
        parser.add_argument("--threads", type=int, default=8, help="request threads per worker process")

    def handle(self, host, port, workers, threads, **options):
        self.stdout.write(f"SellerDesk web server (gunicorn, {workers} processes) at http://{host}:{port}")
        self.stdout.flush()
        webserver.serve(host, port, workers, threads)

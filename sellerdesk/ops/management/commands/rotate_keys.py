"""`sellerdesk rotate-keys`: a new credentials key (every stored secret re-encrypted), optionally a new secret key.

Run it with SellerDesk stopped, then start it again: running processes keep the keys they
started with. See docs/security.md ("Rotating keys").
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sellerdesk.lib import crypto, keyfiles


class Command(BaseCommand):
    help = "Re-encrypt channel credentials under a new key (and with --secret-key replace the secret key). Stop SellerDesk first."

    def add_arguments(self, parser):
        parser.add_argument("--secret-key", action="store_true",
                            help="Also replace the secret key file (every agent is signed out).")

    def handle(self, secret_key, **options):
        if settings.ENCRYPTION_KEYS_FROM_ENV:
            # The environment is the operator's: its first key is the new one, we only re-encrypt.
            moved, unreadable = crypto.reencrypt_all()
            self.stdout.write(f"{moved} account(s) re-encrypted under the first key of SELLERDESK_ENCRYPTION_KEY; "
                              "remove the older keys from it now.")
        else:
            moved, unreadable = self._rotate_file()
            self.stdout.write(f"New encryption key in {settings.ENCRYPTION_KEY_FILE}; {moved} account(s) re-encrypted.")
        if unreadable:
            self.stderr.write(f"{unreadable} account(s) had credentials no key could read: enter their secrets again on the Channels page.")
        if secret_key:
            if settings.SECRET_KEY_FROM_ENV:
                raise CommandError("SELLERDESK_SECRET_KEY is set in the environment: change it there.")
            keyfiles.replace(settings.SECRET_KEY_FILE, keyfiles.new_secret_key())
            self.stdout.write(f"New secret key in {settings.SECRET_KEY_FILE}; everyone signs in again.")
        self.stdout.write("Start SellerDesk again so every process uses the new keys.")

    def _rotate_file(self) -> tuple[int, int]:
        old = list(settings.ENCRYPTION_KEYS)
        new = keyfiles.new_encryption_key()
        # Both keys on disk before any row changes: an interruption leaves everything readable.
        keyfiles.replace(settings.ENCRYPTION_KEY_FILE, "\n".join([new, *old]))
        settings.ENCRYPTION_KEYS = [new, *old]
        moved, unreadable = crypto.reencrypt_all()
        keyfiles.replace(settings.ENCRYPTION_KEY_FILE, new)
        settings.ENCRYPTION_KEYS = [new]
        return moved, unreadable

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sellerdesk.accounts.models import ApiToken
from sellerdesk.api import tokens
from sellerdesk.lib import clock


class Command(BaseCommand):
    help = "Create an API token for a user (printed once), list a user's tokens, or revoke one."

    def add_arguments(self, parser):
        parser.add_argument("username")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--name", help="Create a token with this name (what it is for).")
        mode.add_argument("--list", action="store_true", help="List the user's tokens (prefix, name, dates).")
        mode.add_argument("--revoke", metavar="PREFIX", help="Delete the token whose key starts with PREFIX.")
        parser.add_argument("--scopes", default="read",
                            help="With --name: comma-separated scopes, of read, reply, admin (default: read).")
        parser.add_argument("--expires-days", type=int, default=None, help="With --name: the token stops working after N days.")

    def handle(self, username, name, list, revoke, scopes, expires_days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            if list:
                self._list(user)
            elif revoke is not None:
                token = tokens.revoke(user, revoke)
                self.stdout.write(f"revoked {token.prefix}… ({token.name})")
            else:
                if not user.is_active:
                    raise CommandError(f"{username} is inactive; its tokens would be refused.")
                expires_at = None
                if expires_days is not None:
                    if expires_days < 1:
                        raise CommandError("--expires-days must be 1 or more.")
                    expires_at = clock.now() + dt.timedelta(days=expires_days)
                token, key = tokens.issue(user, name, scopes.split(","), expires_at)
                self.stdout.write(key)
                self.stderr.write(f"token {token.prefix}… ({token.name}) for {username}: shown once, store it now.")
        except tokens.TokenError as exc:
            raise CommandError(str(exc)) from exc

    def _list(self, user):
        rows = ApiToken.objects.filter(user=user).order_by("created_at", "id")
        if not rows:
            self.stdout.write(f"{user.get_username()} has no API tokens.")
        for t in rows:
            used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "never"
            expires = t.expires_at.isoformat(timespec="seconds") if t.expires_at else "never"
            self.stdout.write(f"{t.prefix}…\t{t.name}\t{','.join(t.scopes)}\tcreated {t.created_at.isoformat(timespec='seconds')}"
                              f"\texpires {expires}\tlast used {used}")

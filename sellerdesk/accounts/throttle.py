"""Login throttling (django-axes): a username or an address with too many failures is locked out.

Settings: SELLERDESK_LOGIN_FAILURE_LIMIT failures lock for SELLERDESK_LOGIN_LOCKOUT_MINUTES;
a lockout answers 429 with the login page and a clear message (web/views_account.locked_out).
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Checks web logins only. Without a request (a command, a test's client.login) there is no
    client to throttle, so the check is skipped instead of failing the login."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

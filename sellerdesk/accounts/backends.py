"""Signing in with a password, and the signed-in agent read with their profile in one query.

Every page reads `request.user.agent` (role, languages, time zone): Django's ModelBackend loads the
user alone, so each request paid a second query for the profile. AgentBackend loads both together.

Sessions name the backend that signed them in; those from before AgentBackend name Django's
ModelBackend, which therefore stays in AUTHENTICATION_BACKENDS, after this one, to keep them
valid. So that a wrong password is not checked twice (once here, once by ModelBackend), this
backend has the last word on passwords: it refuses instead of passing on.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied


class AgentBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied  # Django stops here and reports one failed login
        return user

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("agent").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

"""The channels' own tests (sellerdesk/channels/<name>/tests/) use the suite's shared fixtures."""

from tests.conftest import *  # noqa: F401,F403
from tests.conftest import _intake_helpers_stopped  # noqa: F401  (autouse; a star import skips it)

from tests.channels.apikit import api  # noqa: F401

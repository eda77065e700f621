"""Every log line goes through both filters the settings name: secrets masked and personal data masked."""

from __future__ import annotations

import copy
import io
import logging
import logging.config

from django.conf import settings


def test_the_console_masks_secrets_and_personal_data_together():
    stream = io.StringIO()
    config = copy.deepcopy({k: v for k, v in settings.LOGGING.items() if k != "handlers"})
    console = settings.LOGGING["handlers"]["console"]
    config["handlers"] = {"console": {**console, "filters": list(console["filters"]), "stream": stream}}
    assert {"redact", "mask_personal_data"} <= set(config["handlers"]["console"]["filters"])
    try:
        logging.config.dictConfig(config)
        logging.getLogger("sellerdesk.test").warning(
            "refresh failed: GET /token?app_secret=s3cr3tvalue&x=1 for jana.weber@example.de, Authorization: Bearer abcdefghijkl")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    line = stream.getvalue()
    assert "s3cr3tvalue" not in line and "app_secret=[redacted]" in line
    assert "abcdefghijkl" not in line and "Bearer [redacted]" in line
    assert "jana.weber@example.de" not in line

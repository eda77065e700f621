"""The secrets and ids the Messenger and Instagram fixtures are made with (build_fixtures.py). Fake, like every id in them."""

import datetime as dt

APP_SECRET = "3f9a1c7e5b2d4068a1b3c5d7e9f10234"
VERIFY_TOKEN = "sd-meta-verify-7c41e2"
PAGE_ACCESS_TOKEN = "EAAGm0PX4ZCpsBAFakePageToken0123456789abcdef"
PAGE_ID = "104857600000001"
PSID = "6543210987654321"
IG_ACCOUNT_ID = "17841400000000001"
IGSID = "1234567890123456"
OTHER_APP_ID = "263902037430900"  # the page's own inbox (Meta Business Suite) as the echo's app
SENT = dt.datetime(2025, 11, 4, 9, 12, 3, 12000, tzinfo=dt.timezone.utc)  # the events' timestamp

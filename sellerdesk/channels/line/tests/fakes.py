"""The secrets the LINE fixtures are made with (build_fixtures.py). Fake, like every id in them."""

import datetime as dt

CHANNEL_SECRET = "8c3f6e2d1b0a49e7a6f5d4c3b2a19087"
CHANNEL_ID = "2001234567"
CHANNEL_ACCESS_TOKEN = "sdLineLongLivedToken+0123456789abcdefABCDEF/="
BOT_USER_ID = "U8e742f61d673b39c7fff3cecb7536ef0"
USER_ID = "U4af4980629aaaaaaaaaaaaaaaaaaaaaa"
SENT = dt.datetime(2025, 11, 4, 9, 12, 3, 12000, tzinfo=dt.timezone.utc)  # the events' timestamp

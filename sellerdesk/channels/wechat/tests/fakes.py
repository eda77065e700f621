"""The secrets the WeChat fixtures are made with (build_fixtures.py). Fake, like every id in them."""

import datetime as dt

TOKEN = "sdWeChatToken2026"
APP_ID = "wx5823bf96d3bd56c7"
APP_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
ENCODING_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"  # 43 characters, as the console shows it
ORIGINAL_ID = "gh_848b8d1809b5"
OPENID = "otDwO5EckxVWz0ItSW8XeWxknXAk"
SENT = dt.datetime(2025, 11, 4, 9, 12, 3, tzinfo=dt.timezone.utc)  # CreateTime and timestamp of the fixtures

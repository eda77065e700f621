"""The secrets and ids the WhatsApp fixtures are made with (build_fixtures.py). Fake, like every id in them."""

import datetime as dt

APP_SECRET = "5f3e2d1c0b9a48f7e6d5c4b3a2918070"
VERIFY_TOKEN = "sd-wa-verify-7c1e9b"
ACCESS_TOKEN = "EAAGsdWhatsAppSystemUserToken0123456789abcdefABCDEF"
WABA_ID = "102290129340398"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "15550783881"
WA_ID = "16505551234"  # the buyer
SENT = dt.datetime(2025, 11, 4, 9, 12, 3, tzinfo=dt.timezone.utc)  # the messages' timestamp

import os
import subprocess
import sys

from sellerdesk.channels.models import ChannelAccount


def test_channel_credentials_are_encrypted_at_rest(db):
    account = ChannelAccount(kind="email", name="Support", address="s@shop.example")
    account.credentials = {"imap_password": "hunter2-secret"}
    account.save()
    stored = ChannelAccount.objects.values_list("credentials_encrypted", flat=True).get()
    assert "hunter2" not in stored
    assert ChannelAccount.objects.get().credentials == {"imap_password": "hunter2-secret"}


def test_production_refuses_default_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERDESK_")}
    env.update(SELLERDESK_PRODUCTION="1", SELLERDESK_DATA_DIR=str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "sellerdesk.cli", "check"], env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "SELLERDESK_SECRET_KEY and SELLERDESK_ENCRYPTION_KEY must be set" in proc.stderr

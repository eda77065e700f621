from sellerdesk.channels.models import ChannelAccount


def test_channel_credentials_are_encrypted_at_rest(db):
    account = ChannelAccount(kind="email", name="Support", address="s@shop.example")
    account.credentials = {"imap_password": "hunter2-secret"}
    account.save()
    stored = ChannelAccount.objects.values_list("credentials_encrypted", flat=True).get()
    assert "hunter2" not in stored
    assert ChannelAccount.objects.get().credentials == {"imap_password": "hunter2-secret"}

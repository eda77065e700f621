"""WeChat safe-mode crypto against the published test vector of WeChat's WXBizMsgCrypt sample (the
sample's token, key, AppID, nonce, timestamp, message signature and Encrypt text), and round trips."""

from __future__ import annotations

import base64

import pytest

from sellerdesk.channels.wechat.crypt import CryptError, decrypt, encrypt, signature

# The sample's published values; its key and AppID are the sample's, not a real account's.
SAMPLE_TOKEN, SAMPLE_KEY, SAMPLE_APP = "spamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx2c2769f8efd9abc2"
SAMPLE_ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GI"
    "Itb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMe"
    "zR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9"
    "FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=")


def test_the_samples_message_signature():
    assert signature(SAMPLE_TOKEN, "1409735669", "1320562132", SAMPLE_ENCRYPT) == "5d197aaffba7e9b25a30732f161a50dee96bd5fa"


def test_the_samples_encrypt_text_decrypts_to_its_message():
    xml = decrypt(SAMPLE_ENCRYPT, encoding_aes_key=SAMPLE_KEY, app_id=SAMPLE_APP).decode()
    assert xml.splitlines() == [
        "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>", "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>",
        "<CreateTime>1409735668</CreateTime>", "<MsgType><![CDATA[text]]></MsgType>", "<Content><![CDATA[abcdteT]]></Content>",
        "<MsgId>6054768590064713728</MsgId>", "</xml>"]


def test_another_app_id_is_refused():
    with pytest.raises(CryptError, match="Encrypt is for AppID 'wx2c2769f8efd9abc2', this account is 'wx0000000000000000'"):
        decrypt(SAMPLE_ENCRYPT, encoding_aes_key=SAMPLE_KEY, app_id="wx0000000000000000")


def test_another_key_is_refused():
    with pytest.raises(CryptError):
        decrypt(SAMPLE_ENCRYPT, encoding_aes_key="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", app_id=SAMPLE_APP)


@pytest.mark.parametrize("size", [0, 1, 11, 12, 31, 32, 100])
def test_round_trip_pads_to_32_bytes(size):
    xml = ("包" * size).encode()
    text = encrypt(xml, encoding_aes_key=SAMPLE_KEY, app_id=SAMPLE_APP)
    assert len(base64.b64decode(text)) % 32 == 0
    assert decrypt(text, encoding_aes_key=SAMPLE_KEY, app_id=SAMPLE_APP) == xml


def test_key_of_the_wrong_length_is_named():
    with pytest.raises(CryptError, match="the EncodingAESKey has 42 characters; WeChat's has 43"):
        encrypt(b"<xml/>", encoding_aes_key=SAMPLE_KEY[:-1], app_id=SAMPLE_APP)

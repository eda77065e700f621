"""WeChat Official Account signatures and "safe mode" (AES) message encryption.

Facts (docs/channels.md, Platform facts → WeChat):
- URL signature: hex SHA-1 of token, timestamp and nonce sorted and joined; the message
  signature of safe mode adds the Encrypt text to the sorted values.
- Safe mode key: the 43-character EncodingAESKey base64-decoded with one "=" added (32 bytes);
  AES-256-CBC with the key's first 16 bytes as IV; PKCS#7 padding to a 32-byte block.
- Plaintext: 16 random bytes, the XML's length (4 bytes, big-endian), the XML, the AppID.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # WeChat pads to 32 bytes, not AES's 16


class CryptError(ValueError):
    """The Encrypt text cannot be decrypted with this key, or is for another AppID."""


def signature(*values: str) -> str:
    return hashlib.sha1("".join(sorted(values)).encode("utf-8")).hexdigest()


def aes_key(encoding_aes_key: str) -> bytes:
    key = encoding_aes_key.strip()
    if len(key) != 43:
        raise CryptError(f"the EncodingAESKey has {len(key)} characters; WeChat's has 43")
    try:
        raw = base64.b64decode(key + "=", validate=True)
    except binascii.Error:
        raise CryptError("the EncodingAESKey is not base64") from None
    if len(raw) != 32:
        raise CryptError("the EncodingAESKey does not decode to 32 bytes")
    return raw


def _cipher(key: bytes) -> Cipher:
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def encrypt(xml: bytes, *, encoding_aes_key: str, app_id: str, random: bytes | None = None) -> str:
    """The Encrypt text for `xml` (what WeChat sends in safe mode, and a passive reply would)."""
    key = aes_key(encoding_aes_key)
    prefix = random if random is not None else os.urandom(16)
    plain = prefix + struct.pack(">I", len(xml)) + xml + app_id.encode()
    pad = BLOCK - len(plain) % BLOCK
    plain += bytes([pad]) * pad
    encryptor = _cipher(key).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def decrypt(encrypted: str, *, encoding_aes_key: str, app_id: str) -> bytes:
    """The XML inside an Encrypt text; CryptError when it is not ours."""
    key = aes_key(encoding_aes_key)
    try:
        data = base64.b64decode(encrypted, validate=True)
    except binascii.Error:
        raise CryptError("Encrypt is not base64") from None
    if not data or len(data) % 16:
        raise CryptError("Encrypt is not a whole number of AES blocks")
    decryptor = _cipher(key).decryptor()
    plain = decryptor.update(data) + decryptor.finalize()
    pad = plain[-1]
    if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
        raise CryptError("Encrypt does not decrypt with this EncodingAESKey (bad padding)")
    plain = plain[:-pad]
    if len(plain) < 20:
        raise CryptError("Encrypt is too short")
    (length,) = struct.unpack(">I", plain[16:20])
    xml, sender_app = plain[20:20 + length], plain[20 + length:]
    if len(xml) != length:
        raise CryptError("Encrypt's length field is longer than its content")
    if sender_app.decode("utf-8", "replace") != app_id:
        raise CryptError(f"Encrypt is for AppID {sender_app.decode('utf-8', 'replace')!r}, this account is {app_id!r}")
    return xml

"""Encryption at rest for identity secrets (SSO client secrets).

AES-GCM with a key derived from LITELLM_SALT_KEY, else the master key (LiteLLM's own rule for
what it encrypts in the database). Rotating that key makes stored secrets unreadable: the
account admin re-enters the client secret.
"""
from __future__ import annotations

import base64
import hashlib
import os

_PREFIX = "aesgcm1:"


def _key() -> bytes:
    from alchemi.tenancy.resolver import master_key

    material = os.environ.get("LITELLM_SALT_KEY") or master_key()
    if not material:
        raise RuntimeError("no LITELLM_SALT_KEY or master key to encrypt identity secrets with")
    return hashlib.sha256(b"alchemi-identity-secrets:" + material.encode()).digest()


def encrypt(plaintext: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(_key()).encrypt(nonce, plaintext.encode(), b"alchemi")
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(stored: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not stored.startswith(_PREFIX):
        raise ValueError("not an Alchemi-encrypted value")
    raw = base64.urlsafe_b64decode(stored[len(_PREFIX):].encode())
    return AESGCM(_key()).decrypt(raw[:12], raw[12:], b"alchemi").decode()

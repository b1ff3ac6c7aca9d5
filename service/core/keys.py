"""API keys: random, shown once, stored only as SHA-256 hashes."""

import hashlib
import secrets

KEY_PREFIX = "rk_"


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)  # 32 random bytes


def new_key_id() -> str:
    return "key_" + secrets.token_hex(8)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()

"""Secrets handed out once (one-time links, API keys): only their SHA-256 is stored.

And the password hash that a failed look-up checks against, so that a wrong user name
or 受理编号 costs as long as a wrong password.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import cache


def new() -> str:
    """An unguessable token for a URL (43 characters)."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What is stored of a token, and looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()


@cache
def dummy_password_hash() -> str:
    """A password hash to check against when there is no account: made on first use (hashing
    takes a third of a second, which every command paid at start-up when it was made on import)."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash("not-a-password")

"""Secrets handed out once (one-time links, API keys): only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets


def new() -> str:
    """An unguessable token for a URL (43 characters)."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What is stored of a token, and looked up by."""
    return hashlib.sha256(token.encode()).hexdigest()

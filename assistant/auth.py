"""Access control for shared deployments: a password gate with salted scrypt hashes (or Streamlit's OIDC
login), configured in `.streamlit/secrets.toml` under `[supernode_auth]`. No secret is ever logged."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

_N, _R, _P = 2**14, 8, 1
_HASH = re.compile(r"^scrypt:(\d+):(\d+):(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
_USER = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash in the form `scrypt:N:r:p$salt$hash` (what goes into secrets.toml)."""
    if not password:
        raise ValueError("the password is empty")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt:{_N}:{_R}:{_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """True when the password matches the stored hash (constant-time comparison; malformed hash: False)."""
    m = _HASH.match(stored or "")
    if not m or not password:
        return False
    n, r, p = (int(x) for x in m.group(1, 2, 3))
    if n > 2**20 or r > 32 or p > 16:
        return False
    salt, expected = base64.b64decode(m.group(4)), base64.b64decode(m.group(5))
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=2**28)
    return hmac.compare_digest(digest, expected)


class AuthConfig(BaseModel):
    """`[supernode_auth]` of secrets.toml: mode none (local use), password (users → hashes) or oidc."""

    mode: Literal["none", "password", "oidc"] = "none"
    users: dict[str, str] = Field(default_factory=dict, description="user name -> scrypt hash")

    @field_validator("users")
    @classmethod
    def _valid_users(cls, users: dict[str, str]) -> dict[str, str]:
        for name, stored in users.items():
            if not _USER.match(name):
                raise ValueError(f"user name {name!r}: use 1-64 letters, digits or _.@-")
            if not _HASH.match(stored):
                raise ValueError(
                    f"user {name!r}: the value is not a password hash; create one with "
                    "`python -m assistant hash-password`"
                )
        return users

    def model_post_init(self, __context: Any) -> None:
        if self.mode == "password" and not self.users:
            raise ValueError("mode 'password' needs at least one user under [supernode_auth.users]")

    @property
    def required(self) -> bool:
        return self.mode != "none"

    def check(self, user: str, password: str) -> bool:
        """True when the user exists and the password matches; the same work is done for unknown users."""
        stored = self.users.get(user)
        if stored is None:
            verify_password(password or "x", hash_password("timing-equaliser", b"0" * 16))
            return False
        return verify_password(password, stored)


def auth_config(secrets_map: Mapping[str, Any] | None) -> AuthConfig:
    """Read `[supernode_auth]` from the app's secrets (absent → no login, for local use on 127.0.0.1)."""
    section = (secrets_map or {}).get("supernode_auth") or {}
    return AuthConfig(mode=section.get("mode", "none"), users=dict(section.get("users") or {}))

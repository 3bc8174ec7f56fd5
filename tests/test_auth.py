"""The password gate: salted hashes, verification, configuration errors that say what to do."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.auth import AuthConfig, auth_config, hash_password, verify_password


def test_hash_is_salted_and_verifies() -> None:
    a, b = hash_password("s3cret!"), hash_password("s3cret!")
    assert a != b and a.startswith("scrypt:")
    assert verify_password("s3cret!", a) and verify_password("s3cret!", b)
    assert not verify_password("s3cret", a) and not verify_password("", a)
    assert "s3cret" not in a


@pytest.mark.parametrize("stored", ["", "plain-text-password", "scrypt:1:1:1$$", "md5$abc$def"])
def test_malformed_hash_never_verifies(stored: str) -> None:
    assert not verify_password("anything", stored)


def test_config_from_secrets() -> None:
    h = hash_password("pw")
    cfg = auth_config({"supernode_auth": {"mode": "password", "users": {"alice": h}}})
    assert cfg.required and cfg.check("alice", "pw")
    assert not cfg.check("alice", "wrong") and not cfg.check("mallory", "pw")
    assert not auth_config({}).required and not auth_config(None).required


def test_plain_password_in_secrets_is_refused_with_a_fix() -> None:
    with pytest.raises(ValidationError, match="hash-password"):
        AuthConfig(mode="password", users={"alice": "hunter2"})
    with pytest.raises(ValidationError, match="at least one user"):
        AuthConfig(mode="password")

"""The no-network guard: outbound connections are limited to loopback for the whole test session."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkBlocked(RuntimeError):
    """A test tried to reach a non-loopback address."""


def _check(address: object) -> None:
    host = address[0] if isinstance(address, tuple) and address else None
    if isinstance(host, str) and not host.startswith(LOOPBACK):
        raise NetworkBlocked(f"network access to {address!r} is forbidden in tests")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _check(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _check(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    """The whole session runs with outbound connections limited to loopback."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _guarded_connect)
        mp.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        yield

"""SHA-1 digests for article ids and cache keys, without loading OpenSSL.

``hashlib`` loads OpenSSL's libcrypto, about a megabyte of the reader's
memory for one hash; CPython's own ``_sha1`` gives the same digest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Digest(Protocol):
    """A running digest (``hashlib``'s shape)."""

    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


try:
    from _sha1 import sha1 as _sha1  # type: ignore[import-not-found]  # CPython's own module; typeshed has no stub
except ImportError:  # another Python: the same digest from hashlib
    from hashlib import sha1 as _sha1

sha1: Callable[[bytes], Digest] = _sha1


def sha1_hex(text: str) -> str:
    """The SHA-1 of ``text`` (UTF-8), in hex."""
    return sha1(text.encode("utf-8")).hexdigest()

"""The reader's process goes without TLS.

The reader opens no network connection, yet asyncio (under Textual) imports
``ssl`` so that it could offer TLS streams, and ``ssl`` loads OpenSSL. Measured
in a pty at a warm start of the bundled issue: 4.3 MB of the reader's 44.5 MB
peak RSS (libcrypto 2.9 MB, libssl, ``_ssl`` and the module's own objects) and
8 ms of its imports. Digests do not need it either (``core.digest`` uses
CPython's own SHA-1).

``leave_out`` marks ``ssl`` as absent before Textual is imported; asyncio
imports it inside ``try``/``except ImportError`` and goes on without TLS.
It is called by the command that opens the reader, never on import, so a
process that imports the package (a test run, a script) keeps its ``ssl``.
"""

from __future__ import annotations

import sys


def leave_out() -> None:
    """Make ``import ssl`` fail in this process, unless it was imported already."""
    if "ssl" not in sys.modules:
        sys.modules["ssl"] = None  # type: ignore[assignment]  # None in sys.modules: ImportError, as documented

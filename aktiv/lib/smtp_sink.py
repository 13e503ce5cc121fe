"""A real SMTP server on 127.0.0.1 that keeps what it receives, for tests and benchmarks
(aiosmtpd, a test dependency): each message with the connection it came on, so a caller can
count connections as well as messages."""

from __future__ import annotations

import itertools
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Received:
    messages: list[tuple[int, list[str]]] = field(default_factory=list)  # (connection, to)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: Iterator[int] = field(default_factory=itertools.count)

    @property
    def connections(self) -> int:
        return len({connection for connection, _to in self.messages})

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if not hasattr(session, "aktiv_connection"):
                session.aktiv_connection = next(self.counter)
            self.messages.append((session.aktiv_connection, list(envelope.rcpt_tos)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_sink() -> Iterator[tuple[int, Received]]:
    """(port, what arrived) while the server runs."""
    from aiosmtpd.controller import Controller

    received = Received()
    port = free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()

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


@dataclass
class Counted:
    """What a sink in another process received: counts only, shared with that process."""

    _messages: Any
    _connections: Any

    @property
    def messages(self) -> int:
        return int(self._messages.value)

    @property
    def connections(self) -> int:
        return int(self._connections.value)

    def clear(self) -> None:
        with self._messages.get_lock(), self._connections.get_lock():
            self._messages.value = self._connections.value = 0


@dataclass
class _Counting:
    messages: Any
    connections: Any

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not hasattr(session, "aktiv_counted"):
            session.aktiv_counted = True
            with self.connections.get_lock():
                self.connections.value += 1
        with self.messages.get_lock():
            self.messages.value += 1
        return "250 OK"


def _serve(port: int, counting: _Counting, ready: Any, stop: Any) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(counting, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


@contextmanager
def smtp_sink_process() -> Iterator[tuple[int, Counted]]:
    """(port, counts) of a sink in a process of its own: for benchmarks, where a server in
    the sender's own process would take turns with it for Python's interpreter lock and so
    time the sink as much as the sender."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    messages, connections = context.Value("q", 0), context.Value("q", 0)
    ready, stop = context.Event(), context.Event()
    port = free_port()
    process = context.Process(
        target=_serve, args=(port, _Counting(messages, connections), ready, stop), daemon=True
    )
    process.start()
    try:
        if not ready.wait(30):
            raise RuntimeError("the SMTP sink did not start")
        yield port, Counted(messages, connections)
    finally:
        stop.set()
        process.join(30)

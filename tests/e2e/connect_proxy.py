"""HTTPS_PROXY for the workflow tests' runs: a loopback CONNECT proxy that sends each fake
tenant's domain to its fake Management API on 127.0.0.1, and passes any other host (PyPI,
for pip) through as it is. It sees only the CONNECT line: the TLS inside is the client's
and the fake's.
"""

from __future__ import annotations

import select
import socket
import threading


class ConnectProxy:
    """HTTPS_PROXY for the runs: CONNECT to a tenant domain reaches its fake on
    127.0.0.1; any other host (PyPI for pip) is passed through as it is."""

    def __init__(self, routes: dict[str, int]) -> None:
        self.routes = routes  # host → local port
        self.seen: list[str] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self._open = False
        self._server.close()

    def _accept(self) -> None:
        while self._open:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 16384:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            line = head.split(b"\r\n", 1)[0].decode("latin-1").split()
            if len(line) < 2 or line[0] != "CONNECT":
                client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            host, _, port = line[1].rpartition(":")
            self.seen.append(host)
            target = ("127.0.0.1", self.routes[host]) if host in self.routes else (host, int(port))
            try:
                upstream = socket.create_connection(target, timeout=30)
            except OSError:
                client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            with upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _pipe(client, upstream)


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Bytes both ways until either side closes, or resets (a client that gave up)."""
    try:
        _relay(a, b)
    except OSError:
        return


def _relay(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    while True:
        ready, _, failed = select.select(sockets, [], sockets, 120)
        if failed or not ready:
            return
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)

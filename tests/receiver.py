"""A real webhook receiver: a threaded HTTP server on loopback that records every call."""

from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    at: float


@dataclass
class Receiver:
    """Answers `fail_first` calls with `fail_status` (and `retry_after`), then 204."""

    fail_first: int = 0
    fail_status: int = 503
    retry_after: str | None = None
    delay_first: float = 0.0
    calls: list[Call] = field(default_factory=list)
    in_flight: int = 0
    host: str = "127.0.0.1"
    port: int = 0
    log: str | None = None  # also append each call as a JSON line here
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                n = len(receiver.calls)
                receiver.in_flight += 1
                if n == 0 and receiver.delay_first:
                    time.sleep(receiver.delay_first)
                receiver.in_flight -= 1
                status = receiver.fail_status if n < receiver.fail_first else 204
                call = Call(self.path, {k.lower(): v for k, v in self.headers.items()}, body, status, time.time())
                receiver.calls.append(call)
                if receiver.log:
                    with open(receiver.log, "a") as f:
                        f.write(json.dumps({"headers": call.headers, "body": body.decode(), "at": call.at}) + "\n")
                self.send_response(status)
                if status >= 400 and receiver.retry_after is not None:
                    self.send_header("Retry-After", receiver.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def accepted(self) -> list[Call]:
        return [c for c in self.calls if 200 <= c.status < 300]


def main() -> None:
    """A receiver on its own, for a test host in a network namespace."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True, help="host:port")
    ap.add_argument("--log", required=True, help="JSON lines, one per call")
    args = ap.parse_args()
    host, _, port = args.bind.rpartition(":")
    Receiver(host=host, port=int(port), log=args.log).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()

"""Test helpers: generate a client into a folder and import it, and a real HTTP server on 127.0.0.1 that
records each request and answers with a canned response."""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.model import Api
from generator.render.plan import render_plan
from generator.settings import Settings, Target


def write_plan(api: Api, out: Path, settings: Settings) -> None:
    """The files of the settings' targets for the Api, unformatted (black changes no behaviour)."""
    for path, text in render_plan(api, settings).items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def write_client(api: Api, out: Path, package: str) -> Path:
    """The client's files for the Api (unformatted), and its src folder."""
    write_plan(api, out, Settings(targets=(Target.CLIENT,), package_name=package))
    return out / "client" / "src"


@contextmanager
def imported(src: Path, package: str) -> Iterator[ModuleType]:
    """The package importable from src for the duration; forgotten afterwards."""
    sys.path.insert(0, str(src))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(src))
        for name in [
            name for name in sys.modules if name == package or name.startswith(package + ".")
        ]:
            del sys.modules[name]


@dataclass
class Recorded:
    method: str
    path: str  # percent-decoded
    raw_path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class Recorder:
    """What the server saw, and what it answers next (a queue; the last reply repeats)."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.replies: list[Reply] = [Reply()]
        self.lock = threading.Lock()

    def answer(self, *replies: Reply) -> None:
        with self.lock:
            self.requests.clear()
            self.replies = list(replies)

    def next_reply(self, request: Recorded) -> Reply:
        with self.lock:
            self.requests.append(request)
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    @property
    def last(self) -> Recorded:
        return self.requests[-1]


def handler_for(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each reply waits for a delayed ACK (~40 ms)

        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            request = Recorded(
                method=self.command,
                path=unquote(url.path),
                raw_path=url.path,
                query=parse_qsl(url.query, keep_blank_values=True),
                headers={name.lower(): value for name, value in self.headers.items()},
                body=body,
            )
            reply = recorder.next_reply(request)
            self.send_response(reply.status)
            if reply.status not in (204, 304):
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header(
                "Content-Length", str(len(reply.body) if reply.status not in (204, 304) else 0)
            )
            self.end_headers()
            if reply.status not in (204, 304):
                self.wfile.write(reply.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serving() -> Iterator[tuple[str, Recorder]]:
    """A real HTTP server on 127.0.0.1 (an ephemeral port): (base URL, its recorder)."""
    recorder = Recorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(recorder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", recorder
    finally:
        server.shutdown()
        server.server_close()

"""Local receivers (http.server threads on 127.0.0.1) and the settings that let the tests post to them."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from integrations import services, tasks


class Receiver:
    """Records every request; answers from ``answers`` (status, body) in turn, the last one repeated."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, str]] = [(200, "ok")]
        self.sleep = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if receiver.sleep:
                    time.sleep(receiver.sleep)
                status, text = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(text.encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def json(self, i: int = -1) -> dict:
        return json.loads(self.requests[i]["body"])

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def receiver_b():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(autouse=True)
def local_targets(settings):
    """Tests post to 127.0.0.1 over http: the guard is relaxed here only (production refuses both)."""
    settings.IEI_WEBHOOKS = {"ALLOW_PRIVATE_HOSTS": True, "REQUIRE_HTTPS": False, "CONNECT_TIMEOUT": 1.0,
                             "READ_TIMEOUT": 0.5, "DISABLE_AFTER_FAILURES": 10}
    return settings


@pytest.fixture
def sent(monkeypatch):
    """The delivery tasks queued (``delay``) and scheduled (``apply_async``), instead of a broker."""
    calls: list[dict] = []
    monkeypatch.setattr(tasks.deliver, "delay", lambda pk, manual=False: calls.append(
        {"pk": pk, "manual": manual, "countdown": 0}))
    monkeypatch.setattr(tasks.deliver, "apply_async", lambda args, countdown=0, **kw: calls.append(
        {"pk": args[0], "manual": False, "countdown": countdown}))
    return calls


def run_queued(sent: list[dict]) -> None:
    """What the worker on the webhooks queue does with the queued tasks (and with those it queues)."""
    while sent:
        call = sent.pop(0)
        if call["countdown"]:
            continue  # a retry for later: the test moves the clock itself
        services.attempt(call["pk"], manual=call["manual"])

"""A real loopback HTTP server that speaks the Chat Completions protocol.

Tests and benchmarks point ``OPENAI_BASE_URL`` at it; nothing in our own code is mocked.
Each call is answered by a *behaviour*, taken in order from ``server.script`` (the last one
repeats), or from ``server.responder(request_json) -> Behaviour`` when set.

    with OpenAIStub() as server:
        server.script = [Behaviour(status=429), Behaviour(content="Hello")]
        os.environ["OPENAI_BASE_URL"] = server.base_url   # http://127.0.0.1:PORT/v1
        ...
        server.requests  # list of the JSON bodies received
        server.peak_in_flight  # most calls the server was answering at the same time

``server.gate`` (a ``threading.Barrier``) makes each call wait until that many calls are in
flight: a test of bounded concurrency then needs no timing. ``Behaviour.content_type``
sends a raw body under another content type (an HTML error page of a proxy).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Behaviour:
    content: str | None = "OK"  # assistant message text
    status: int = 200
    delay: float = 0.0  # seconds before answering (a hang: delay > client timeout)
    raw_body: bytes | None = None  # send these bytes verbatim (e.g. non-JSON)
    chunk_size: int = 12  # characters per streamed delta
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"  # of raw_body


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"
    # Answer at once: without this every response waits ~40 ms for a delayed ACK on loopback.
    disable_nagle_algorithm = True

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # /v1/models, used by "test connection"
        if self.path.rstrip("/").endswith("/models"):
            self._send_json(200, {"object": "list", "data": [{"id": "stub-model", "object": "model", "owned_by": "stub"}]})
        else:
            self._send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            payload = json.loads(body or b"{}")
        except json.JSONDecodeError:
            payload = {"_raw": body.decode("utf-8", "replace")}
        stub = self.server.stub
        with stub._lock:
            stub.requests.append(payload)
            stub.headers.append(dict(self.headers))
            behaviour = stub._next(payload)
            stub.in_flight += 1
            stub.peak_in_flight = max(stub.peak_in_flight, stub.in_flight)
        try:
            self._answer(behaviour, payload)
        finally:
            with stub._lock:
                stub.in_flight -= 1

    def _answer(self, behaviour: "Behaviour", payload: dict) -> None:
        gate = self.server.stub.gate
        if gate is not None:
            try:
                gate.wait(timeout=10)
            except threading.BrokenBarrierError:
                pass  # fewer calls came at once than the test expected: peak_in_flight shows it
        if behaviour.delay:
            time.sleep(behaviour.delay)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"unknown path {self.path}"}})
            return
        if behaviour.raw_body is not None:
            self._send(behaviour.status, behaviour.raw_body, behaviour.content_type, behaviour.headers)
            return
        if behaviour.status != 200:
            self._send_json(behaviour.status, {"error": {"message": f"stub error {behaviour.status}", "type": "server_error"}}, behaviour.headers)
            return
        model = payload.get("model", "stub-model")
        content = behaviour.content if behaviour.content is not None else ""
        if payload.get("stream"):
            self._stream(model, content, behaviour)
        else:
            self._send_json(200, {
                "id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()), "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }, behaviour.headers)

    def _stream(self, model: str, content: str, behaviour: Behaviour) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()

        def event(delta: dict, finish: str | None = None) -> None:
            chunk = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
                     "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            self.wfile.flush()

        event({"role": "assistant", "content": ""})
        step = max(1, behaviour.chunk_size)
        for i in range(0, len(content), step):
            event({"content": content[i:i + step]})
        event({}, "stop")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def _send_json(self, status: int, obj: dict, headers: dict | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), "application/json", headers or {})

    def _send(self, status: int, body: bytes, ctype: str, headers: dict) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    stub: "OpenAIStub"

    def handle_error(self, request, client_address) -> None:
        """A client that gave up (its time limit) closes the socket: not a server error."""
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class OpenAIStub:
    def __init__(self, script: list[Behaviour] | None = None,
                 responder: Callable[[dict], Behaviour] | None = None):
        self.script: list[Behaviour] = list(script or [Behaviour()])
        self.responder = responder
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self._calls = 0
        self.in_flight = 0
        self.peak_in_flight = 0
        self.gate: threading.Barrier | None = None
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _next(self, payload: dict) -> Behaviour:
        if self.responder is not None:
            return self.responder(payload)
        b = self.script[min(self._calls, len(self.script) - 1)]
        self._calls += 1
        return b

    def reset(self, responder: Callable[[dict], Behaviour] | None = None) -> "OpenAIStub":
        """A fresh script (the default answer, or ``responder``) and no recorded calls."""
        with self._lock:
            self.script, self.responder = [Behaviour()], responder
            self.requests.clear()
            self.headers.clear()
            self._calls = 0
        return self

    def configure(self, monkeypatch, *, key: str = "sk-test-not-a-real-key", timeout: float = 5,
                  retries: int = 0) -> "OpenAIStub":
        """Point the environment at this server (the product reads its settings there)."""
        monkeypatch.setenv("OPENAI_BASE_URL", self.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", key)
        monkeypatch.setenv("CRISIS_DESK_TIMEOUT", f"{timeout:g}")
        monkeypatch.setenv("CRISIS_DESK_MAX_RETRIES", str(retries))
        return self

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def start(self) -> "OpenAIStub":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "OpenAIStub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

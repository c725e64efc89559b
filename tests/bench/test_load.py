"""wrk's summary as bench/wrk.lua prints it, and the request file it reads."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import Request, parse_wrk_output, run_wrk

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000
  1 threads and 8 connections
BENCH_JSON {"requests": 5000, "duration_us": 5000000, "bytes": 123, \
"socket_errors": {"connect": 0, "read": 2, "write": 0, "timeout": 0}, \
"statuses": {"200": 4990, "500": 8}, "latency_us": {"p50": 1500, "p90": 4000, \
"p99": 12345, "max": 20000, "mean": 1800.5}}
"""


def test_parse_wrk_output():
    result = parse_wrk_output(WRK_OUTPUT)
    assert result.rps == 1000
    assert result.statuses == {200: 4990, 500: 8}
    assert result.socket_errors == {"read": 2}
    assert result.latency_ms["p99"] == 12.35
    assert result.unexpected({200}) == 10


def test_parse_wrk_output_without_summary_says_so():
    with pytest.raises(ValueError, match="no BENCH_JSON line"):
        parse_wrk_output("unable to connect to 127.0.0.1:8000 Connection refused")


def test_request_line_refuses_what_would_break_the_file():
    assert Request("POST", "/f/", "a=1", (("Cookie", "c=1"),)).line() == (
        "POST\t/f/\ta=1\tCookie: c=1"
    )
    with pytest.raises(ValueError):
        Request("GET", "/a\tb/").line()


class Recorder(BaseHTTPRequestHandler):
    seen = []

    def do_GET(self):
        self.seen.append(("GET", self.path, self.headers.get("X-Forwarded-Proto")))
        self.send_response(404 if self.path == "/missing/" else 200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.seen.append(("POST", body, self.headers.get("Cookie")))
        self.send_response(302)
        self.send_header("Location", "/thanks/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_wrk_script_sends_each_request_and_counts_every_status():
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk); make bench falls back")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Recorder.seen = []
    requests = [
        Request("GET", "/"),
        Request("GET", "/missing/"),
        Request("POST", "/form/", "name=A&n=1", (("Cookie", "csrftoken=abc"),)),
    ]
    try:
        result = run_wrk(
            f"http://127.0.0.1:{server.server_port}",
            requests,
            1,
            connections=2,
            threads=2,
            headers=(("X-Forwarded-Proto", "https"),),
        )
    finally:
        server.shutdown()
    assert result.requests > 30
    assert set(result.statuses) == {200, 404, 302}
    assert result.unexpected({200, 302}) == result.statuses[404]
    assert ("GET", "/", "https") in Recorder.seen
    assert ("POST", "name=A&n=1", "csrftoken=abc") in Recorder.seen

"""A 100 MB upload to the Request for Interest form, straight to real gunicorn:
refused at once, before Django parses it, with nothing written to disk."""

import select
import socket
import time

import pytest

from tests.support.formclient import FORM_PATH, Client

pytestmark = pytest.mark.services

MEGABYTE = b"x" * (1024 * 1024)
HUNDRED = 100
BOUNDARY = "BoUnDaRy"


def multipart_upload(form):
    """The pieces of a multipart body: the form's token, then a 100 MB file."""
    preamble = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{form.csrf_token}\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="requirements"; filename="big.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    epilogue = f"\r\n--{BOUNDARY}--\r\n".encode()
    return [preamble, *[MEGABYTE] * HUNDRED, epilogue]


def send_until_answered(port, head, pieces, temp_dir):
    """Send the body while nothing is answered, checking after every piece that
    the server wrote nothing to its temporary folder; the answer and its time."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        for piece in pieces:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break
            assert list(temp_dir.iterdir()) == []
        answer = sock.recv(65536)
    return answer, time.monotonic() - started


def test_a_hundred_megabyte_upload_is_refused_in_well_under_a_second(
    committed, redis_server, processes, tmp_path
):
    temp_dir = tmp_path / "tmp"
    temp_dir.mkdir()
    web = processes.web("web", TMPDIR=str(temp_dir))
    form = Client(web.port).get_form()
    pieces = multipart_upload(form)
    head = (
        f"POST {FORM_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{web.port}\r\n"
        f"Cookie: {form.cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {sum(len(piece) for piece in pieces)}\r\n\r\n"
    ).encode()

    answer, seconds = send_until_answered(web.port, head, pieces, temp_dir)

    print(f"\n100 MB multipart upload refused in {seconds:.3f} s")
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert seconds < 0.5
    assert list(temp_dir.iterdir()) == []
    assert "Traceback" not in web.log()

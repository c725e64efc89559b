"""Real services a test needs: found, or the test skips (fails under CI=true)."""

import os
import socket

import pytest

IN_CI = os.environ.get("CI") == "true"


def missing_service(reason):
    """Skip the test for want of a service; under CI=true fail it instead, so a
    green run always means the real-service tests ran."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

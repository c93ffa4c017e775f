"""
This installation's own commands and app servers as processes of their own,
for tests that run them as production does (tests/config/test_two_processes.py,
tests/discovery/test_harvest_network.py).
"""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from smtp_sink import free_port

BASE_DIR = Path(__file__).resolve().parent.parent

__all__ = ["BASE_DIR", "free_port", "manage", "wait_until_serving"]


def manage(environment, *args) -> str:
    """`manage.py args` in `environment`; its output, or the test fails with its errors."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def wait_until_serving(process, base: str) -> None:
    """Until the server `process` at `base` answers; the test fails if it exits or stays silent."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn at {base} exited: {process.stderr.read()[-3000:]}")
        try:
            urllib.request.urlopen(f"{base}/robots.txt", timeout=10).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn at {base} did not answer within 60 s")

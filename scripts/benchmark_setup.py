"""
Time a fresh clone's set-up (not a test): clone, `make run`, until the home page answers.

Clones the repository at a commit into a temporary folder, runs `make run` there with
empty pip and uv caches (cold: every package is downloaded), polls the home page until
it answers 200, then stops the server and removes the clone. Appends one record to a
JSON file that `scripts/benchmark_operations.py --setup-json` reads:

    .venv/bin/python scripts/benchmark_setup.py --label before --commit 9e875ef
    .venv/bin/python scripts/benchmark_setup.py --label after --commit HEAD

Run the labels alternately (before, after, before, after) so that a change in the
machine's load falls on both. The server runs with SQLite and the local-memory cache,
as `make run` does on a fresh clone: DATABASE_URL and CACHE_URL are removed from the
environment.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True, help="before or after")
    parser.add_argument("--commit", default="HEAD", help="commit to clone (default HEAD)")
    parser.add_argument("--repository", default=str(BASE_DIR), help="repository to clone")
    parser.add_argument("--output", default=str(BASE_DIR / "setup-timings.json"))
    parser.add_argument("--timeout", type=int, default=900, help="give up after seconds")
    parser.add_argument(
        "--pypi-only",
        action="store_true",
        help="ignore this machine's pip configuration (extra indexes, find-links): "
        "pip installs from PyPI alone, as uv does",
    )
    return parser.parse_args()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def time_setup(*, repository, commit, timeout, pypi_only):
    """Seconds from the start of the clone to the installed venv and to the first 200."""
    work = Path(tempfile.mkdtemp(prefix="setup-bench-"))
    clone = work / "clone"
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "CACHE_URL", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    environment["PIP_CACHE_DIR"] = str(work / "pip-cache")
    environment["UV_CACHE_DIR"] = str(work / "uv-cache")
    if pypi_only:
        environment = {name: value for name, value in environment.items() if name[:4] != "PIP_"}
        environment["PIP_CONFIG_FILE"] = os.devnull  # pip then reads no configuration file
        environment["PIP_CACHE_DIR"] = str(work / "pip-cache")
    port = free_port()
    log = work / "make.log"
    started = time.perf_counter()
    subprocess.run(["git", "clone", "--quiet", repository, str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", commit], check=True)
    with log.open("w") as output:
        make = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
    stamp = clone / ".venv" / ".installed-runtime"  # both Makefiles write it when installed
    installed = None
    try:
        while not answers(f"http://127.0.0.1:{port}/"):
            if installed is None and stamp.exists():
                installed = time.perf_counter() - started
            if make.poll() is not None:
                ended = f"make run ended ({make.returncode})"
                raise RuntimeError(f"{ended}:\n{log.read_text()[-3000:]}")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"no answer after {timeout} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        load = os.getloadavg()
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGTERM)
            try:
                make.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(make.pid, signal.SIGKILL)
                make.wait()
        tail = log.read_text()[-2000:]
        shutil.rmtree(work, ignore_errors=True)
    return {
        "seconds": round(seconds, 1),
        "installed_seconds": round(installed, 1) if installed else None,
        "load": [round(value, 2) for value in load],
        "log": tail,
    }


def main():
    arguments = parse_arguments()
    commit = subprocess.run(
        ["git", "-C", arguments.repository, "rev-parse", "--short", arguments.commit],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    result = time_setup(
        repository=arguments.repository,
        commit=commit,
        timeout=arguments.timeout,
        pypi_only=arguments.pypi_only,
    )
    record = {
        "label": arguments.label,
        "commit": commit,
        "pip_configuration": "PyPI only" if arguments.pypi_only else "this machine's",
        "seconds": result["seconds"],
        "installed_seconds": result["installed_seconds"],
        "load": result["load"],
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    output = Path(arguments.output)
    records = json.loads(output.read_text()) if output.exists() else []
    records.append(record)
    output.write_text(json.dumps(records, indent=2) + "\n")
    print(json.dumps(record))


if __name__ == "__main__":
    main()

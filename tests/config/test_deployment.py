"""
What the operator's files promise (README: Betrieb), checked here as far as
this machine allows: gunicorn.conf.py sizes from the environment and loads
the app; a killed gunicorn master leaves no worker holding the port; the
systemd units pass `systemd-analyze verify`; the container's entrypoint
migrates only when asked and its health check reports what it sees.

Not run here: `docker build` and `docker compose up` (no registry images,
no Docker daemon). The Dockerfile's RUN steps are scripts/container-build.sh,
which CI runs on the checkout; compose.yaml is checked in test_compose.py.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUNICORN = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi"]
# Reading the configuration needs no Django: the standard library's demo app
# loads in milliseconds where ours takes seconds.
GUNICORN_CONFIG_ONLY = [
    str(BIN / "gunicorn"),
    "-c",
    "gunicorn.conf.py",
    "wsgiref.simple_server:demo_app",
]


def gunicorn_environment(**extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WEB_CONCURRENCY", "GUNICORN_", "TRUSTED_PROXIES"))
    }
    return {**environment, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **extra}


def printed_config(**extra: str) -> dict[str, str]:
    result = subprocess.run(
        [GUNICORN_CONFIG_ONLY[0], "--print-config", *GUNICORN_CONFIG_ONLY[1:]],
        cwd=REPO,
        env=gunicorn_environment(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dict(
        re.match(r"(\w+)\s+= (.*)", line).groups()
        for line in result.stdout.splitlines()
        if re.match(r"\w+\s+= ", line)
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_gunicorn_takes_its_sizing_from_the_environment():
    config = printed_config(
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="6",
        GUNICORN_TIMEOUT="20",
        TRUSTED_PROXIES="10.1.2.3,192.0.2.0/24",
    )
    assert config["workers"] == "3"
    assert config["threads"] == "6"
    assert config["worker_class"] == "gthread"
    assert config["timeout"] == "20"
    assert config["forwarded_allow_ips"] == "['10.1.2.3', '192.0.2.0/24']"
    assert config["control_socket_disable"] == "True"
    assert config["accesslog"] == "-"


def test_gunicorn_defaults_are_bounded():
    config = printed_config()
    cores = os.cpu_count() or 1
    assert 1 <= int(config["workers"]) <= 2 * cores + 1
    assert config["threads"] == "4"
    assert config["timeout"] == "30"
    assert int(config["backlog"]) < 2048  # gunicorn's own default queue
    assert int(config["max_requests"]) > 0
    assert int(config["max_requests_jitter"]) > 0
    # Only the local machine may claim HTTPS until TRUSTED_PROXIES says otherwise.
    assert config["forwarded_allow_ips"] == "['127.0.0.1', '::1']"


def test_a_worker_count_of_zero_is_refused():
    result = subprocess.run(
        [GUNICORN_CONFIG_ONLY[0], "--check-config", *GUNICORN_CONFIG_ONLY[1:]],
        cwd=REPO,
        env=gunicorn_environment(WEB_CONCURRENCY="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "WEB_CONCURRENCY must be at least 1" in result.stderr


def test_json_access_log_when_log_format_is_json():
    assert printed_config()["access_log_format"].startswith("%(h)s")
    assert printed_config(LOG_FORMAT="json")["access_log_format"].startswith('{"time"')


def wait_for_answer(server: subprocess.Popen, port: int, path: str) -> None:
    deadline = time.monotonic() + 60
    while healthcheck(path, port).returncode != 0:
        assert server.poll() is None, f"the server stopped: {server.stderr.read()}"
        assert time.monotonic() < deadline, "the server did not answer within 60 s"
        time.sleep(0.3)


@pytest.fixture
def gunicorn_server():
    """gunicorn with our configuration; the app is the standard library's, it only has to answer."""
    port = free_port()
    server = subprocess.Popen(
        GUNICORN_CONFIG_ONLY,
        cwd=REPO,
        env=gunicorn_environment(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_answer(server, port, "/")
    yield server, port
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=40)


@pytest.fixture
def file_server(tmp_path):
    """Python's own HTTP server on a folder with one file: 200 for it, 404 for anything else."""
    (tmp_path / "healthz").write_text("ok")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_answer(server, port, "/healthz")
    yield port
    server.terminate()
    server.wait(timeout=10)


def healthcheck(path: str, port: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/healthcheck.py", path],
        cwd=REPO,
        env={**os.environ, "HEALTHCHECK_PORT": str(port), "ALLOWED_HOSTS": "*,.localhost"},
        capture_output=True,
        text=True,
        timeout=10,
    )


def worker_pids(master: int) -> list[int]:
    output = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in output.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (dead, not yet reaped by init) holds no port.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def test_workers_die_with_a_killed_master_and_free_the_port(gunicorn_server):
    """
    SIGKILL gives the master no chance to stop its workers; each notices the
    lost parent by itself (measured: about 4 s with gthread, with our app as
    with this one). systemd's
    KillMode=mixed and the container's end take the rest with them anyway.
    """
    server, port = gunicorn_server
    # The server answers as soon as one worker is up; on a busy machine the
    # second may still be starting.
    deadline = time.monotonic() + 30
    while len(workers := worker_pids(server.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(workers) == 2
    server.send_signal(signal.SIGKILL)
    server.wait()
    deadline = time.monotonic() + 30  # the configured timeout
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)
    # A worker the master was just replacing when it was killed (a busy
    # machine: seen once with two suites running side by side) holds the
    # socket until it notices too, within the same timeout.
    while not port_bindable(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert port_bindable(port)


def test_healthcheck_reports_the_answer(file_server):
    assert healthcheck("/healthz", file_server).returncode == 0
    missing = healthcheck("/keine-seite/", file_server)
    assert missing.returncode == 1
    assert "answered 404" in missing.stderr


def test_healthcheck_fails_when_nothing_listens():
    result = healthcheck("/healthz", free_port())
    assert result.returncode == 1
    assert "refused" in result.stderr.lower()


def test_entrypoint_migrates_only_when_asked(tmp_path):
    database = tmp_path / "db.sqlite3"
    environment = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    environment.pop("MIGRATE_ON_START", None)
    entrypoint = ["scripts/docker-entrypoint.sh", "echo", "gunicorn starts"]
    plain = subprocess.run(
        entrypoint, cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
    )
    assert plain.stdout == "gunicorn starts\n"
    assert not database.exists()

    migrating = subprocess.run(
        entrypoint,
        cwd=REPO,
        env={**environment, "MIGRATE_ON_START": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrating.returncode == 0, migrating.stderr
    assert migrating.stdout.endswith("gunicorn starts\n")
    assert "Applying wagtailcore" in migrating.stdout


def test_dockerfile_builds_with_the_script_and_runs_unprivileged():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.findall(r"^FROM (\S+)", dockerfile, re.M) == ["python:3.12-slim-bookworm"] * 2
    assert re.search(r"^RUN pip install --no-cache-dir uv==\d+\.\d+\.\d+$", dockerfile, re.M)
    assert "scripts/container-build.sh install" in dockerfile
    assert "scripts/container-build.sh collectstatic verify" in dockerfile
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r"^EXPOSE 8000$", dockerfile, re.M)
    assert 'CMD ["python", "/app/scripts/healthcheck.py"]' in dockerfile
    assert "SECRET_KEY" not in re.sub(r"^#.*$", "", dockerfile, flags=re.M)
    for script in ("container-build.sh", "docker-entrypoint.sh", "backup.sh", "restore.sh"):
        assert os.access(REPO / "scripts" / script, os.X_OK), script


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_units_verify(tmp_path):
    """The units name /srv/wissensnetz; verify checks that ExecStart exists, so point it here."""
    checkout = tmp_path / "srv" / "wissensnetz"
    (checkout / ".venv" / "bin").mkdir(parents=True)
    for program in ("gunicorn", "python"):
        (checkout / ".venv" / "bin" / program).symlink_to("/bin/true")
    units = []
    for name in ("wissensnetz.service", "wissensnetz-worker.service"):
        text = (REPO / "deploy" / name).read_text()
        assert "Restart=" in text and "KillMode=mixed" in text
        assert "EnvironmentFile=/srv/wissensnetz/.env" in text
        (tmp_path / name).write_text(text.replace("/srv/wissensnetz", str(checkout)))
        units.append(str(tmp_path / name))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    web = (REPO / "deploy" / "wissensnetz.service").read_text()
    assert "Restart=on-failure" in web
    assert "ProtectSystem=strict" in web
    assert "ReadWritePaths=/srv/wissensnetz/media" in web

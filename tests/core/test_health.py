"""
/healthz as a probe sees it: 200 while database and cache answer, 503 naming
the part that does not, quickly, without a cookie, a cache header that lets
anyone keep it, or an error line per probe in the log.

The database really goes away: an app server (gunicorn with the production
settings, as deployed) is pointed at a PostgreSQL port where nothing listens,
and, on PostgreSQL, at a real database whose connections are terminated and
which is then dropped and created again. The cache really goes away too: a
Redis URL on a port where nothing listens.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

import psycopg
import pytest

from smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_URL = "redis://127.0.0.1:6379/5"
# The probe's answer with a part down must come within this many seconds
# (the database's connect timeout is 3 s; a refused port answers at once).
QUICK = 4.0


def closed_port_url(scheme, path=""):
    return f"{scheme}://127.0.0.1:{free_port()}{path}"


def test_healthy_answer_is_json_without_cookie_or_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
    # One address for every language: /healthz is no page of the site.
    assert client.get("/en/healthz/").status_code == 404


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": closed_port_url("redis", "/5"),
        }
    }


def test_cache_down_answers_503_naming_the_cache_and_logs_no_error(client, db, cache_down, caplog):
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < QUICK
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Error" not in body and "redis" not in body.lower() and "127.0.0.1" not in body
    # Django logs every 5xx at ERROR; a probe polled every few seconds must not.
    assert [record for record in caplog.records if record.levelno >= 30] == []


def test_a_real_redis_counts_as_reachable(client, db, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    assert client.get("/healthz").json()["cache"] == "ok"


def get(url):
    """Status and body of a GET, without following redirects and with no error for a 5xx."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@contextmanager
def app_server(tmp_path, **environ):
    """
    gunicorn serving the site with the production settings and `environ`,
    as the README's production section runs it; yields its base URL and the
    file its standard error (the log) goes to.
    """
    port = free_port()
    log = tmp_path / f"gunicorn-{port}.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "PYTEST"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "health-probe-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        **environ,
    }
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [GUNICORN, "config.wsgi", "--no-control-socket", "--workers=1"]
            + [f"--bind=127.0.0.1:{port}", "--timeout=30"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"gunicorn exited:\n{log.read_text()}"
            try:
                get(base_url + "/robots.txt")
                break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not answer:\n{log.read_text()}"
                time.sleep(0.2)
        yield base_url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def json_log_lines(log):
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def test_database_port_with_nothing_listening_answers_503_quickly(tmp_path):
    """Also: plain HTTP is not redirected to HTTPS, and the log says why, in JSON, below WARNING."""
    with app_server(
        tmp_path,
        DATABASE_URL=closed_port_url("postgres", "/wissensnetz"),
        CACHE_URL=REDIS_URL,
        LOG_LEVEL="INFO",
    ) as (base_url, log):
        started = time.monotonic()
        status, body, headers = get(base_url + "/healthz")
        assert time.monotonic() - started < QUICK
    assert status == 503, body
    assert json.loads(body) == {"status": "unavailable", "database": "unreachable", "cache": "ok"}
    assert "no-store" in headers["Cache-Control"]
    assert "Set-Cookie" not in headers
    lines = json_log_lines(log)
    assert {
        "level": "INFO",
        "logger": "core.health",
        "message": "Health check: database unreachable: OperationalError",
    }.items() <= lines[-1].items()
    assert not [line for line in lines if line["level"] in ("WARNING", "ERROR", "CRITICAL")]


on_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="a database to stop needs PostgreSQL (set DATABASE_URL)",
)


@contextmanager
def maintenance_connection():
    """An autocommit connection to the server's `postgres` database, for CREATE/DROP DATABASE."""
    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as maintenance:
        yield maintenance


@pytest.mark.postgres
@on_postgresql
def test_database_dropped_under_a_running_server_answers_503_and_recovers(db, tmp_path):
    """
    The app server holds a live connection; the database server ends it
    (pg_terminate_backend, as a restart or failover does) and the database
    is gone: the next probe says so. Once the database is back, so is 200.
    """
    name = f"{connection.settings_dict['NAME']}_healthz"
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/".format(**connection.settings_dict) + name
    with maintenance_connection() as maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.execute(f'CREATE DATABASE "{name}"')
        try:
            with app_server(tmp_path, DATABASE_URL=url, CACHE_URL=REDIS_URL) as (base_url, _):
                status, body, _ = get(base_url + "/healthz")
                assert (status, json.loads(body)["database"]) == (200, "ok"), body

                maintenance.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                started = time.monotonic()
                status, body, _ = get(base_url + "/healthz")
                assert time.monotonic() - started < QUICK
                assert status == 503, body
                assert json.loads(body) == {
                    "status": "unavailable",
                    "database": "unreachable",
                    "cache": "ok",
                }

                maintenance.execute(f'CREATE DATABASE "{name}"')
                status, body, _ = get(base_url + "/healthz")
                assert status == 200, body
        finally:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""
Two real app server processes (gunicorn) on one database and one Redis, as
an installation with several app servers runs: the reuse-request rate limit
holds across them, a publication shows at once through both, and a page one
of them put into the cache comes from it through the other.

pytest-django's test database is not visible to other processes (SQLite's is
in memory), so this module builds its own: a fresh PostgreSQL database named
after DATABASE_URL's with `_two`, dropped afterwards, or a SQLite file; it is
migrated and filled by manage.py commands. Redis database 3 is flushed
first; without a reachable Redis the module is skipped.
"""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings

import dj_database_url
import psycopg
import pytest
import redis
import requests

from app_processes import free_port, manage, wait_until_serving

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
CACHE_URL = "redis://127.0.0.1:6379/3"
NEW_TITLE = "Parkleitsystem Altstadtinsel"
# What a reverse proxy in front of both servers passes on: the public host.
PUBLIC_HOST = "wissensnetz.example.org"

BUILD_CONTENT = """
import factories
home = factories.home_page()
index = factories.CityIndexPageFactory(parent=home)
city = factories.CityPageFactory(parent=index, title="Lübeck", slug="luebeck")
project = factories.ProjectPageFactory(
    parent=city, title="Digitale Parkraumsteuerung", slug="parkraum"
)
print("PATHS", city.url, project.url)
"""

PUBLISH_CHANGE = f"""
from registry.models import ProjectPage
project = ProjectPage.objects.get(slug="parkraum")
project.title = "{NEW_TITLE}"
project.save_revision().publish()
"""


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(CACHE_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_reachable(), reason=f"no Redis reachable at {CACHE_URL}")


def flush_cache() -> None:
    redis.Redis.from_url(CACHE_URL).flushdb()


def postgres_admin(config: dict) -> psycopg.Connection:
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of this module's own, as its URL; on PostgreSQL if the suite runs there."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('two_processes') / 'db.sqlite3'}"
        return
    config = dj_database_url.parse(suite_url)
    name = f"{config['NAME']}_two"
    with postgres_admin(config) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield suite_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with postgres_admin(config) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "served_settings",
        "PYTHONPATH": os.pathsep.join([str(BASE_DIR), str(BASE_DIR / "tests")]),
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "CACHE_URL": CACHE_URL,
        # Apart from anything else that might use this Redis database.
        "CACHE_KEY_PREFIX": f"two-processes-{uuid.uuid4().hex[:8]}",
        "PAGE_CACHE_SECONDS": "600",
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
    }


@pytest.fixture(scope="module")
def addresses(environment):
    """The city and project page paths of the content built for the servers."""
    flush_cache()
    manage(environment, "migrate", "--noinput", "-v0")
    output = manage(environment, "shell", "-v0", "-c", BUILD_CONTENT)
    _marker, city_path, project_path = next(
        line.split() for line in output.splitlines() if line.startswith("PATHS ")
    )
    return {"city": city_path, "project": project_path}


@pytest.fixture(scope="module")
def servers(environment, addresses):
    """Two gunicorn processes, one worker each, on the same database and Redis."""
    processes, bases = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "gunicorn"),
                        "config.wsgi",
                        "--no-control-socket",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                    ],
                    cwd=BASE_DIR,
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for process, base in zip(processes, bases, strict=True):
            wait_until_serving(process, base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def empty_redis(servers):
    flush_cache()


def reader() -> requests.Session:
    """A browser behind the reverse proxy: every request carries the public host."""
    session = requests.Session()
    session.headers["Host"] = PUBLIC_HOST
    return session


def reuse_form(session, page_url: str) -> tuple[str, str]:
    """
    The reuse form's action and CSRF token, found as a reader finds the form:
    on the project page, or behind its link to the form's own page.
    """
    page = session.get(page_url, timeout=10)
    match = re.search(
        r'<form[^>]*action="([^"]*)"[^>]*>(?:(?!</form>).)*?'
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        page.text,
        re.S,
    )
    if match is None:
        link = re.search(r'href="([^"]*nachnutzen/)"', page.text)
        assert link, "neither the reuse form nor a link to it on the project page"
        return reuse_form(session, urljoin(page_url, link.group(1)))
    return urljoin(page_url, match.group(1)), match.group(2)


def test_the_reuse_request_limit_holds_across_app_servers(servers, addresses, empty_redis):
    first, second = servers
    session = reader()
    action, token = reuse_form(session, first + addresses["project"])
    statuses = []
    for base in (first, first, first, second, second, second):
        response = session.post(
            action.replace(first, base),
            data={"csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=10,
        )
        statuses.append(response.status_code)
    assert 429 not in statuses[:5], statuses
    assert statuses[5] == 429, statuses


def test_a_page_cached_by_one_server_comes_from_the_cache_on_the_other(
    servers, addresses, empty_redis
):
    first, second = servers
    browser = reader()
    filled = browser.get(first + addresses["city"], timeout=10)
    assert filled.status_code == 200
    assert filled.headers["X-Cache"] == "MISS"
    served = browser.get(second + addresses["city"], timeout=10)
    assert served.headers["X-Cache"] == "HIT"
    assert served.content == filled.content


def test_a_publication_shows_at_once_on_both_servers(servers, addresses, environment, empty_redis):
    browser = reader()
    for base in servers:
        browser.get(base + addresses["city"], timeout=10)
        cached = browser.get(base + addresses["city"], timeout=10)
        assert cached.headers["X-Cache"] == "HIT"
        assert NEW_TITLE not in cached.text
    manage(environment, "shell", "-c", PUBLISH_CHANGE)
    for base in servers:
        for path in (addresses["city"], addresses["project"]):
            assert NEW_TITLE in browser.get(base + path, timeout=10).text, base + path


def test_a_version_validated_on_one_server_is_stale_on_both_after_a_publication(
    servers, addresses, environment, empty_redis
):
    """Conditional GET (core.conditional_get): the validators are the same on every server."""
    first, _second = servers
    browser = reader()
    url = addresses["city"]
    full = browser.get(first + url, timeout=10)
    validators = {"If-None-Match": full.headers["ETag"]}
    for base in servers:
        assert browser.get(base + url, headers=validators, timeout=10).status_code == 304
    manage(environment, "shell", "-c", PUBLISH_CHANGE)
    for base in servers:
        fresh = browser.get(base + url, headers=validators, timeout=10)
        assert fresh.status_code == 200, base
        assert NEW_TITLE in fresh.text

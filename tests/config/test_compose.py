"""
compose.yaml keeps its promises (README: Betrieb, Compose): the services an
installation needs, each restarted and health-checked, two app replicas,
migrations once, OpenSearch only on request, and no secret in the file.

`docker compose config` would validate it against the Compose schema; where
the compose plugin is not installed (it is not on our machines) that test is
skipped and the structure is checked from the parsed YAML alone.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((REPO / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def test_the_installation_is_app_migrate_worker_db_redis(services):
    default = {name for name, service in services.items() if not service.get("profiles")}
    assert default == {"app", "migrate", "worker", "db", "redis"}


def test_two_app_replicas_restarted_and_health_checked(services):
    app = services["app"]
    assert app["deploy"]["replicas"] == 2
    assert app["restart"] == "unless-stopped"
    assert app["healthcheck"]["test"] == ["CMD", "python", "/app/scripts/healthcheck.py"]
    # Replicas cannot share a host port: only the internal network reaches them.
    assert "ports" not in app
    assert app["env_file"] == ".env"


def test_app_starts_after_healthy_db_and_redis_and_finished_migrations(services):
    assert services["app"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }


def test_migrations_run_once_not_in_every_replica(services):
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert "replicas" not in migrate.get("deploy", {})
    assert "MIGRATE_ON_START" not in str(services["app"])


def test_mail_worker_runs_and_restarts(services):
    worker = services["worker"]
    assert worker["command"][:4] == ["python", "manage.py", "db_worker", "--backend"]
    assert worker["command"][4] == "mail"
    assert worker["restart"] == "unless-stopped"


def test_database_and_cache_keep_running_and_report_health(services, compose):
    for name in ("db", "redis"):
        assert services[name]["restart"] == "unless-stopped"
        assert services[name]["healthcheck"]["test"]
    postgres_major = int(re.match(r"postgres:(\d+)", services["db"]["image"]).group(1))
    assert postgres_major >= 15
    assert "postgres:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert {"postgres", "media"} <= set(compose["volumes"])
    app_environment = services["app"]["environment"]
    assert app_environment["CACHE_URL"].startswith("redis://redis:6379/")
    assert "@db:5432/" in app_environment["DATABASE_URL"]


def test_opensearch_only_with_its_profile(services):
    opensearch = services["opensearch"]
    assert opensearch["profiles"] == ["opensearch"]
    assert opensearch["environment"]["discovery.type"] == "single-node"
    assert "ports" not in opensearch  # the disabled security plugin stays inside


def test_no_secret_is_committed(compose):
    """Every password comes from .env (never committed), not from compose.yaml."""
    for name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            if re.search(r"PASSWORD|SECRET", key):
                assert str(value).startswith("${"), f"{name}: {key}"
            if "://" in str(value) and "@" in str(value):
                assert re.search(r"://\w+:\$\{POSTGRES_PASSWORD", value), f"{name}: {key}"
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", ".env"], cwd=REPO, capture_output=True
    )
    assert ignored.returncode == 0, ".env must be in .gitignore"
    for line in (REPO / "env.example").read_text().splitlines():
        name, _, value = line.partition("=")
        if not line.startswith("#") and re.search(r"PASSWORD|SECRET", name):
            assert value == "change-me", line


@pytest.mark.skipif(
    not shutil.which("docker")
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="the docker compose plugin is not installed",
)
def test_docker_compose_accepts_the_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text((REPO / "env.example").read_text())
    result = subprocess.run(
        ["docker", "compose", "--env-file", str(env_file), "config", "--quiet"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("caddy"), reason="caddy not installed (apt-get install caddy)")
def test_caddy_accepts_the_proxy_configuration(tmp_path):
    result = subprocess.run(
        ["caddy", "validate", "--adapter", "caddyfile", "--config", "deploy/Caddyfile"],
        cwd=REPO,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "SITE_ADDRESS": "wissensnetz.example.de",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr

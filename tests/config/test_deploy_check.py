"""
`manage.py check --deploy` under the production settings with the environment
the README documents: no warning, so a new one (a setting changed, a Django
upgrade) shows up here rather than on a city's server.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DOCUMENTED_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "wissensnetz.example.de",
    "CSRF_TRUSTED_ORIGINS": "https://wissensnetz.example.de",
    "WAGTAILADMIN_BASE_URL": "https://wissensnetz.example.de",
}


def test_check_deploy_finds_nothing_to_warn_about():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "COOKIE_", "PYTEST"))
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level=WARNING"],
        cwd=ROOT,
        env=env | DOCUMENTED_ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout

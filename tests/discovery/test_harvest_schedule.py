"""The scheduled harvest: the systemd timer and its service are valid units."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings

import pytest

DEPLOY = Path(settings.BASE_DIR) / "deploy"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_the_harvest_timer_and_service_verify(tmp_path):
    """The units name /srv/wissensnetz; verify checks that ExecStart exists, so point it here."""
    checkout = tmp_path / "srv" / "wissensnetz"
    (checkout / ".venv" / "bin").mkdir(parents=True)
    (checkout / ".venv" / "bin" / "python").symlink_to("/bin/true")
    units = []
    for name in ("wissensnetz-harvest.service", "wissensnetz-harvest.timer"):
        text = (DEPLOY / name).read_text()
        (tmp_path / name).write_text(text.replace("/srv/wissensnetz", str(checkout)))
        units.append(str(tmp_path / name))
    service = (DEPLOY / "wissensnetz-harvest.service").read_text()
    assert "ExecStart=/srv/wissensnetz/.venv/bin/python manage.py harvest_network" in service
    assert "Type=oneshot" in service
    assert "OnCalendar=" in (DEPLOY / "wissensnetz-harvest.timer").read_text()
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""

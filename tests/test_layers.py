"""
The apps are layers (pyproject.toml, [tool.importlinter]): each imports only
the apps below it, at module level and inside functions alike. The check is
`lint-imports`, run here as CI and `make lint` run it.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# The apps the contract names, so that a new app is copied as soon as it is layered.
APPS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_app_imports_only_the_apps_below_it():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_an_upward_import_inside_a_function_breaks_the_contract(tmp_path):
    """
    The circle the layers replaced was held together by imports inside
    functions; the check must see those too. A copy of the project gets one.
    """
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "registry" / "upward.py").write_text(
        "def searchable_models():\n"
        "    from discovery.facet_index import SEARCHABLE_MODELS\n\n"
        "    return SEARCHABLE_MODELS\n"
    )

    result = lint_imports(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "registry is not allowed to import discovery" in result.stdout
    assert "registry.upward -> discovery.facet_index" in result.stdout

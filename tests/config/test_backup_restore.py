"""
Backup and restore as an operator runs them (README: Betrieb, Backup):
scripts/backup.sh on a database with the demo content and some uploads,
scripts/restore.sh into an empty database and an empty media folder, and
then every row, every uploaded file and every page must be the same.

PostgreSQL only: the scripts use pg_dump and pg_restore. The module builds
its own two databases beside the test database (about a minute: migrate and
the demo content take most of it) and drops them afterwards.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import psycopg
import pytest
from psycopg import sql

REPO = Path(__file__).resolve().parents[2]
DATABASE = settings.DATABASES["default"]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        DATABASE["ENGINE"] != "django.db.backends.postgresql",
        reason="backup.sh and restore.sh use pg_dump and pg_restore (PostgreSQL only)",
    ),
]


def server_url(name: str) -> str:
    user = DATABASE["USER"]
    password = f":{DATABASE['PASSWORD']}" if DATABASE["PASSWORD"] else ""
    host = DATABASE["HOST"] or "127.0.0.1"
    port = DATABASE["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def recreate_database(name: str) -> str:
    with psycopg.connect(server_url("postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server_url(name)


def drop_database(name: str) -> None:
    with psycopg.connect(server_url("postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def run(command: list[str], *, environment: dict[str, str]) -> str:
    result = subprocess.run(
        command,
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stderr[-3000:]}"
    return result.stdout


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """Rows and an md5 of all rows (in a fixed order) for every table."""
    fingerprints = {}
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        for (table,) in tables:
            count, digest = connection.execute(
                sql.SQL(
                    "SELECT count(*),"
                    " md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                    " FROM {} AS t"
                ).format(sql.Identifier(table))
            ).fetchone()
            fingerprints[table] = (count, digest)
        # The next id of every table must go on where it stopped, or the
        # first new page after a restore collides with a restored one.
        for (sequence,) in connection.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            (last_value,) = connection.execute(
                sql.SQL("SELECT last_value FROM {}").format(sql.Identifier(sequence))
            ).fetchone()
            fingerprints[f"sequence {sequence}"] = (last_value, "")
    return fingerprints


def file_digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def restored(tmp_path_factory):
    work = tmp_path_factory.mktemp("backup")
    source_media, restored_media = work / "media-source", work / "media-restored"
    source = {"DATABASE_URL": recreate_database("h_ops_src"), "MEDIA_ROOT": str(source_media)}
    run([sys.executable, "manage.py", "migrate", "--noinput"], environment=source)
    run([sys.executable, "manage.py", "load_demo_content"], environment=source)
    # The demo has no uploads; an editor's would look like these.
    (source_media / "documents").mkdir(parents=True)
    (source_media / "documents" / "Leitfaden Bürgerbeteiligung.pdf").write_bytes(
        b"%PDF-1.4\n" + bytes(range(256)) * 64
    )
    (source_media / "original_images").mkdir()
    (source_media / "original_images" / "hafen.png").write_bytes(b"\x89PNG\r\n\x1a\n" * 100)

    backup = Path(run(["scripts/backup.sh", str(work / "backups")], environment=source).strip())
    target = {"DATABASE_URL": recreate_database("h_ops_dst"), "MEDIA_ROOT": str(restored_media)}
    run(["scripts/restore.sh", str(backup)], environment=target)
    yield {"source": source, "target": target, "backup": backup}
    drop_database("h_ops_src")
    drop_database("h_ops_dst")


def test_backup_folder_holds_dump_media_and_checksums(restored):
    backup = restored["backup"]
    assert sorted(path.name for path in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
    ]
    checked = subprocess.run(
        ["sha256sum", "--check", "SHA256SUMS"], cwd=backup, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_row_of_every_table_is_restored(restored):
    source = table_fingerprints(restored["source"]["DATABASE_URL"])
    target = table_fingerprints(restored["target"]["DATABASE_URL"])
    assert source["wagtailcore_page"][0] > 50, "the demo content was not loaded"
    differing = [name for name in source if source[name] != target.get(name)]
    assert differing == []
    assert source.keys() == target.keys()


def test_every_uploaded_file_is_restored(restored):
    source = file_digests(Path(restored["source"]["MEDIA_ROOT"]))
    assert len(source) == 2
    assert file_digests(Path(restored["target"]["MEDIA_ROOT"])) == source


def test_every_page_renders_the_same(restored):
    renderings = {}
    for side in ("source", "target"):
        output = run(
            [sys.executable, "tests/config/page_renderings.py"], environment=restored[side]
        )
        renderings[side] = json.loads(output)
    source, target = renderings["source"], renderings["target"]
    assert len(source) > 100
    assert [url for url, html in source.items() if not html.startswith("200\n")] == []
    assert source.keys() == target.keys()
    assert [url for url in source if source[url] != target[url]] == []


def test_restore_refuses_a_database_that_is_not_empty(restored):
    result = subprocess.run(
        ["scripts/restore.sh", str(restored["backup"])],
        cwd=REPO,
        env={**os.environ, **restored["target"], "MEDIA_ROOT": str(restored["backup"] / "x")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "restore into an empty one" in result.stderr

"""
An index on Wagtail's page table for the newest projects
(registry.queries.newest_projects: the projects feed and the home page's
latest projects), ordered by last publication with pages never published
last (`DESC NULLS LAST`), which the ascending index of 0007 cannot serve. With it PostgreSQL reads the feed's 50 newest projects from the
index (6 ms instead of a 200 ms sort of all 20,000 at the benchmark's size).

PostgreSQL only: SQLite cannot declare NULLS LAST in an index, and an
installation small enough for SQLite sorts its projects in no time.
"""

from django.db import migrations

NAME = "registry_page_feed_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page "
            "(content_type_id, last_published_at DESC NULLS LAST, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_similar_projects")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

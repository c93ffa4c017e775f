"""
An index on Wagtail's page table for the children of a page: (depth, path).

Wagtail reads a page's children as "depth = d + 1 and path between the
page's path and its last possible descendant". The path index alone walks
every descendant: for the home page's children (the navigation and footer of
every public page) that was all 40,000 pages of a 20,000-project registry,
9–10 ms per request. With depth leading, the same statement reads the dozen
children and stops.

Wagtail's own migrations do not index this pair, and the table is not a
model of ours, so plain SQL (the same on SQLite and PostgreSQL), with the
reverse, as registry migration 0007 does.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_synonym_groups_for_the_alliance"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_children_idx ON wagtailcore_page (depth, path)",
            reverse_sql="DROP INDEX IF EXISTS core_page_children_idx",
        )
    ]

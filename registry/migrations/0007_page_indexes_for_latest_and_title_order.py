"""
Two indexes on Wagtail's page table for the registry's listings:

- (content_type_id, last_published_at, id): "latest projects" on the home
  page (and the newest articles) read the newest entries of their page type
  from the index and stop, instead of sorting every project of the registry
  (the page type leads, or the newest lessons and news would be walked past);
- (title, id): the API's default order (registry.api, `order_by("title",
  "pk")`) read from the index, so a page of 20 items does not sort the whole
  registry, and a deep page walks the index instead.

Wagtail's own migrations do not index these columns, and the table is not a
model of ours, so plain SQL (the same on SQLite and PostgreSQL), with the
reverse.
"""

from django.db import migrations

INDEXES = {
    "registry_page_published_idx": "content_type_id, last_published_at, id",
    "registry_page_title_idx": "title, id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_reuse_request_mail_status_and_attempts"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]

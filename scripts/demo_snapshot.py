"""
A canonical snapshot of everything in a database, to show that two ways of
loading the demo content produce the same site (not a test).

Every row of every model is written as JSON with what differs between two
otherwise identical loads taken out: autoincrement ids are replaced by a
stable key of the object they point to (a page by its URL path, a user by
username, a revision by its page and position), timestamps, random UUIDs,
StreamField block ids and salted password hashes by placeholders. Rows are
sorted, so the order in which a loader creates objects does not matter.

    DATABASE_URL=sqlite:////tmp/demo-a.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/demo-a.sqlite3 .venv/bin/python manage.py \\
        load_demo_content --with-users
    DATABASE_URL=sqlite:////tmp/demo-a.sqlite3 .venv/bin/python \\
        scripts/demo_snapshot.py /tmp/demo-a.json
    # … the same for demo-b, then:
    diff /tmp/demo-a.json /tmp/demo-b.json

The counts per model are printed and written at the top of the file.
"""

import datetime
import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.db import models  # noqa: E402

from wagtail.fields import StreamField  # noqa: E402
from wagtail.models import Page, Revision  # noqa: E402

# Rows derived from other rows (search index, reference index) or from the
# request cycle (sessions); they hold ids only.
SKIPPED = {
    "sessions.session",
    "wagtailsearch.indexentry",
    "wagtailcore.referenceindex",
}
# Revision content keys that only repeat ids or times of the page row.
REVISION_VOLATILE = {"pk", "id", "live_revision", "latest_revision"}


def strip_block_ids(value):
    """StreamField block ids are random UUIDs, new on every load."""
    if isinstance(value, list):
        return [strip_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: strip_block_ids(item) for key, item in value.items() if key != "id"}
    return value


class Snapshot:
    def __init__(self):
        self.keys = {}
        self.in_progress = set()

    def key(self, model, pk):
        """A key for the object that does not depend on autoincrement ids."""
        if pk is None:
            return None
        model = model._meta.concrete_model
        if (model, pk) in self.keys:
            return self.keys[(model, pk)]
        if (model, pk) in self.in_progress:
            return [model._meta.label_lower, "cycle"]
        self.in_progress.add((model, pk))
        obj = model._default_manager.get(pk=pk)
        if isinstance(obj, Page):
            key = ["page", obj.url_path]
        elif isinstance(obj, Revision):
            siblings = list(
                Revision.objects.filter(
                    base_content_type=obj.base_content_type, object_id=obj.object_id
                )
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            page_model = obj.base_content_type.model_class()
            key = ["revision", self.key(page_model, obj.object_id), siblings.index(obj.pk)]
        elif hasattr(obj, "natural_key"):
            key = [model._meta.label_lower, *obj.natural_key()]
        else:
            key = [model._meta.label_lower, self.row(obj)]
        self.in_progress.discard((model, pk))
        self.keys[(model, pk)] = key
        return key

    def value(self, field, obj):
        value = field.value_from_object(obj)
        if value is None:
            return None
        if isinstance(field, StreamField):
            return strip_block_ids(field.get_prep_value(value))
        if field.is_relation:
            return self.key(field.related_model, value)
        if field.name == "password":
            return "<hash>" if value else ""
        if field.name == "object_id" and hasattr(obj, "content_type_id"):
            target = obj.content_type.model_class()
            return self.key(target, target._meta.pk.to_python(value)) if target else value
        if field.name == "content" and isinstance(obj, Revision):
            return self.revision_content(obj.content_type.model_class(), value)
        if isinstance(value, datetime.datetime):
            return "<datetime>"
        if isinstance(value, uuid.UUID):
            return "<uuid>"
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, int | float | bool | str | list | dict):
            return value
        return str(value)

    def row(self, obj):
        meta = obj._meta
        data = {}
        for field in meta.concrete_fields:
            if field.primary_key and isinstance(field, models.AutoField):
                continue
            if field.primary_key and field.is_relation:  # page_ptr and friends
                continue
            data[field.name] = self.value(field, obj)
        for field in meta.many_to_many:
            data[field.name] = sorted(
                (self.key(field.related_model, pk) for pk in self.m2m_pks(field, obj)),
                key=json.dumps,
            )
        return data

    def m2m_pks(self, field, obj):
        return list(getattr(obj, field.name).values_list("pk", flat=True))

    def revision_content(self, model, content):
        """Revision content: a page as JSON, with ids of its related rows inside."""
        if model is None:
            return content
        result = {}
        for name, value in content.items():
            if name in REVISION_VOLATILE:
                continue
            try:
                field = model._meta.get_field(name)
            except Exception:
                result[name] = value
                continue
            result[name] = self.revision_value(field, value)
        return result

    def revision_value(self, field, value):
        if value is None:
            return None
        if isinstance(field, StreamField):
            data = json.loads(value) if isinstance(value, str) else value
            return strip_block_ids(data)
        if field.one_to_many:  # a child relation: a list of child rows
            child_model = field.related_model
            children = [self.revision_content(child_model, item) for item in value]
            return sorted(children, key=json.dumps)
        if field.many_to_many:
            return sorted((self.key(field.related_model, pk) for pk in value), key=json.dumps)
        if field.is_relation:
            return self.key(field.related_model, value)
        if isinstance(field, models.DateTimeField):
            return "<datetime>"
        if isinstance(field, models.UUIDField):
            return "<uuid>"
        return value

    def dump(self):
        tables = {}
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or meta.label_lower in SKIPPED:
                continue
            if issubclass(model, Page) and model is not Page:
                continue
            rows = []
            for obj in model._default_manager.order_by("pk"):
                if isinstance(obj, Page):
                    obj = obj.specific
                    rows.append({"type": obj._meta.label_lower, **self.row(obj)})
                else:
                    rows.append(self.row(obj))
            if rows:
                tables[meta.label_lower] = sorted(
                    json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows
                )
        return tables


def main():
    tables = Snapshot().dump()
    counts = {label: len(rows) for label, rows in sorted(tables.items())}
    if isinstance(tables.get("wagtailcore.page"), list):
        for row in tables["wagtailcore.page"]:
            label = json.loads(row)["type"]
            counts[label] = counts.get(label, 0) + 1
    counts = dict(sorted(counts.items()))
    for label, count in counts.items():
        print(f"{label:40}{count:>6}")
    if len(sys.argv) > 1:
        output = {"counts": counts, "tables": tables}
        Path(sys.argv[1]).write_text(
            json.dumps(output, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()

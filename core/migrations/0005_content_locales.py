"""
A locale for every content language switched on (core.locales), so that a
new database can be translated into them at once. Wagtail's own migration
creates only the locale of LANGUAGE_CODE (German).
"""

from django.db import migrations

from core.locales import content_locales_ensure


def locales_create(apps, schema_editor):
    content_locales_ensure(
        locale_model=apps.get_model("wagtailcore", "Locale"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_page_index_for_children"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    # Nothing to undo: a locale may already hold translated pages.
    operations = [migrations.RunPython(locales_create, migrations.RunPython.noop)]

"""Whether a translated page still shows unreviewed machine translation (core.machine_translation)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_search_terms_without_constraint"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TranslationReview",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="translation_review",
                        serialize=False,
                        to="wagtailcore.page",
                        verbose_name="Seite",
                    ),
                ),
                (
                    "machine_translated",
                    models.BooleanField(
                        default=False,
                        help_text=(
                            "Die veröffentlichte Fassung enthält maschinell übersetzten Text, "
                            "den noch niemand geprüft hat; die Seite zeigt dann einen Hinweis."
                        ),
                        verbose_name="maschinell übersetzt",
                    ),
                ),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="geprüft am"),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="geprüft von",
                    ),
                ),
            ],
            options={
                "verbose_name": "Prüfung einer Übersetzung",
                "verbose_name_plural": "Prüfungen von Übersetzungen",
            },
        ),
    ]

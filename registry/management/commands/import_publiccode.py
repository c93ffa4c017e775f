"""
`manage.py import_publiccode FILE --city <slug>`: create or update a city's
project from a publiccode.yml file (every version the reference parser reads,
"0" and 0.2 to 0.7), with its translations into the languages of the file
that are switched on (CONTENT_LANGUAGES).

The project is matched by its repository (`url`) among the city's projects.
A new project stays a draft and an update becomes a new draft revision, so
the city's editors review the import; `--publish` publishes at once. Every
problem is reported with its field path; with any problem nothing changes.

    manage.py import_publiccode publiccode.yml --city luebeck
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.models import CityPage
from registry.publiccode import MAX_FILE_BYTES
from registry.services import PubliccodeImportError, project_import_publiccode


class Command(BaseCommand):
    help = "Legt ein Projekt aus einer publiccode.yml-Datei an oder aktualisiert es."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pfad zur publiccode.yml-Datei")
        parser.add_argument("--city", required=True, help="Kürzel der Stadt, z. B. luebeck")
        parser.add_argument(
            "--publish", action="store_true", help="Sofort veröffentlichen statt als Entwurf"
        )

    def handle(self, *args, file, city, publish, **options):
        city_page = CityPage.objects.filter(slug=city).first()
        if city_page is None:
            known = ", ".join(CityPage.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"Keine Stadt mit dem Kürzel „{city}“. Bekannt: {known or '–'}.")
        try:
            with Path(file).open("rb") as stream:
                # One byte over the limit is enough to refuse the file.
                raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{file}: Datei nicht lesbar ({error.strerror}).") from error

        try:
            result = project_import_publiccode(city=city_page, raw=raw, publish=publish)
        except PubliccodeImportError as error:
            for field_error in error.errors:
                self.stderr.write(f"{file}: {field_error.path}: {field_error.message}")
            raise CommandError(
                f"{len(error.errors)} Fehler in {file}; es wurde nichts geändert."
            ) from error

        action = "angelegt" if result.created else "aktualisiert"
        state = "veröffentlicht" if result.published else "als Entwurf gespeichert"
        self.stdout.write(
            self.style.SUCCESS(
                f"Projekt „{result.project.title}“ in {city_page.title} {action} und {state} "
                f"(ID {result.project.pk})."
            )
        )
        for language, translation in result.translations.items():
            self.stdout.write(
                f"Übersetzung „{language}“: „{translation.title}“ (ID {translation.pk})."
            )

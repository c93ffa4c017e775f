"""
`manage.py load_demo_content`: fill an empty site with the demo content.

Safe to run again: whatever exists is left alone, so a second run creates
nothing and adds no revisions. The data lives in the YAML files of
`demo/content/` (checked by `demo.data_files`), the loading logic in
`demo.loader`.
"""

import argparse
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.data_files import CONTENT_DIR, DemoDataError, demo_content_read
from demo.loader import REPORT_KINDS, DemoContentError, DemoLoadReport, load_demo_content
from registry.models import CityPage, SimilarProject
from registry.similar import similar_projects_refresh_all


def data_files_error(error: DemoDataError) -> CommandError:
    return CommandError(
        _("Die Demo-Datendateien enthalten Fehler; es wurde nichts gespeichert.")
        + "\n"
        + str(error)
    )


class Command(BaseCommand):
    help = (
        "Lädt die Demo-Inhalte des Hanse Wissensnetzes: Städte, erfundene Projekte, "
        "Erfahrungen, Wissensartikel, Nachrichten, Kontakte, Synonyme der Suche und (bei "
        "DEBUG oder mit --with-users) Demo-Benutzer. Mehrfaches Ausführen legt nichts "
        "doppelt an."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Demo-Benutzer mit dem Entwicklungspasswort anlegen (Standard: nur bei "
            "DEBUG=True). --no-with-users lässt sie auch bei DEBUG weg.",
        )

        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Nur laden, wenn es noch keine Stadt gibt (so nutzt es `make run`): Was "
            "jemand danach gelöscht oder geändert hat, bleibt so.",
        )

        parser.add_argument(
            "--content-dir",
            type=Path,
            default=CONTENT_DIR,
            help="Verzeichnis mit den Datendateien (Standard: demo/content).",
        )

    def handle(self, *args, with_users=None, if_empty=False, content_dir=CONTENT_DIR, **options):
        if with_users is None:
            with_users = settings.DEBUG
        if if_empty and CityPage.objects.exists():
            self.stdout.write(
                "Die Datenbank enthält schon Städte: Demo-Inhalte werden nicht erneut geladen."
            )
            self.write_existing_logins(content_dir=content_dir)
            # A database loaded before similar projects were stored has none yet.
            if not SimilarProject.objects.exists():
                similar_projects_refresh_all()
            return
        try:
            report = load_demo_content(with_users=with_users, content_dir=content_dir)
        except DemoDataError as error:
            raise data_files_error(error) from error
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        self.write_summary(report)
        if report.users_loaded:
            self.write_logins(report)
        elif settings.DEBUG:
            self.stdout.write("Demo-Benutzer nicht angelegt (--no-with-users).")
        else:
            self.stdout.write(
                "Demo-Benutzer übersprungen, weil DEBUG aus ist. Mit --with-users anlegen."
            )

    def write_summary(self, report: DemoLoadReport) -> None:
        self.stdout.write(f"{'':32}{'neu/geändert':>14}{'vorhanden':>11}")
        for kind, label in REPORT_KINDS.items():
            if report.created[kind] or report.present[kind]:
                self.stdout.write(f"{label:32}{report.created[kind]:>14}{report.present[kind]:>11}")
        for line in report.skipped:
            self.stdout.write(self.style.WARNING(line))
        if report.total_created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo-Inhalte geladen: {report.total_created} Objekte neu angelegt oder "
                    "geändert."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS("Nichts neu angelegt: Alle Demo-Inhalte waren schon vorhanden.")
            )

    def write_existing_logins(self, *, content_dir: Path) -> None:
        try:
            content = demo_content_read(content_dir=content_dir)
        except DemoDataError as error:
            raise data_files_error(error) from error
        usernames = [data["username"] for data in content.users]
        existing = set(
            get_user_model()
            .objects.filter(username__in=usernames)
            .values_list("username", flat=True)
        )
        if existing:
            self.stdout.write(
                f"Demo-Zugänge (Passwort {content.password}, sofern nicht geändert): "
                + ", ".join(name for name in usernames if name in existing)
            )

    def write_logins(self, report: DemoLoadReport) -> None:
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                "Demo-Zugänge – nur für die Entwicklung, nie auf einem erreichbaren Server:"
            )
        )
        self.stdout.write(f"{'Benutzername':22}{'Passwort':20}Rolle")
        for login in report.logins:
            self.stdout.write(f"{login.username:22}{login.password:20}{login.role}")

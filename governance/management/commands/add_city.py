"""
`manage.py add_city`: a new member city joins without a developer.

Creates the published city page under the city index, its editor and
moderator groups, image collection and review workflow, the account that
approves the city's pages in "<Stadt> – Freigabe" (`governance.services.city_admit`),
and optionally the first editor account. All or nothing: a bad municipality
key, a duplicate city, an unusable approver or a taken username leaves the
database exactly as it was.

    manage.py add_city --official-name "Hansestadt Greifswald" --title Greifswald \\
        --state 13 --municipality-key 13075039 --latitude 54.0931 --longitude 13.3879 \\
        --approver freigabe@greifswald.example \\
        --editor-username redaktion-greifswald --editor-email redaktion@greifswald.example
"""

import secrets
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from governance.services import city_admit
from registry.approvers import approver_choose
from registry.choices import FederalState
from registry.models import CityIndexPage, CityPage

GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def city_slug(title: str) -> str:
    """ "Lübeck" → "luebeck", as the existing city addresses are spelled."""
    return slugify(title.lower().translate(GERMAN_TRANSLITERATION))


def decimal_argument(value: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation as error:
        raise CommandError(f"„{value}“ ist keine Zahl.") from error


def validation_messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "\n".join(
            f"  {field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return "\n".join(f"  {message}" for message in error.messages)


class Command(BaseCommand):
    help = (
        "Nimmt eine Stadt in den Verbund auf: legt die Stadtseite (veröffentlicht), die "
        "Gruppen „<Stadt> – Redaktion“ und „<Stadt> – Freigabe“, die Bildersammlung, den "
        "Freigabe-Workflow und auf Wunsch das erste Redaktionskonto an."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--official-name", required=True, help="Amtlicher Name, z. B. „Hansestadt Stralsund“."
        )
        parser.add_argument("--title", required=True, help="Kurzname, z. B. „Stralsund“.")
        parser.add_argument("--slug", help="Adresse der Stadtseite (Standard: aus dem Kurznamen).")
        parser.add_argument(
            "--state",
            required=True,
            help="Bundesland als zweistellige Kennziffer, z. B. 13 für Mecklenburg-Vorpommern.",
        )
        parser.add_argument(
            "--municipality-key", required=True, help="Amtlicher Gemeindeschlüssel, 8 Ziffern."
        )
        parser.add_argument("--latitude", required=True, help="Breitengrad, z. B. 54.30911.")
        parser.add_argument("--longitude", required=True, help="Längengrad, z. B. 13.08180.")
        parser.add_argument("--population", type=int, help="Einwohnerzahl (optional).")
        parser.add_argument("--website", default="", help="Offizielle Website (optional).")
        parser.add_argument("--district", default="", help="Landkreis oder „kreisfreie Stadt“.")
        parser.add_argument(
            "--approver",
            required=True,
            help="Freigabe-Konto: Benutzername oder E-Mail eines bestehenden Kontos oder "
            "Benutzername eines neuen (dann mit --approver-email).",
        )
        parser.add_argument(
            "--approver-email", default="", help="E-Mail eines neuen Freigabe-Kontos."
        )
        parser.add_argument(
            "--approver-password",
            help="Passwort eines neuen Freigabe-Kontos (Standard: ein zufälliges, ausgegebenes).",
        )
        parser.add_argument("--editor-username", help="Benutzername des ersten Redaktionskontos.")
        parser.add_argument("--editor-email", default="", help="E-Mail des Redaktionskontos.")
        parser.add_argument(
            "--editor-password",
            help="Passwort des Redaktionskontos (Standard: ein zufälliges, das ausgegeben wird).",
        )

    def handle(self, *args, **options):
        index = CityIndexPage.objects.first()
        if index is None:
            raise CommandError("Es gibt keine Städteübersicht. Bitte zuerst anlegen.")
        if options["state"] not in FederalState.values:
            raise CommandError(
                f"Unbekanntes Bundesland „{options['state']}“. Erlaubt: "
                + ", ".join(f"{choice.value} ({choice.label})" for choice in FederalState)
            )
        slug = options["slug"] or city_slug(options["title"])
        self.refuse_duplicates(
            index=index, slug=slug, key=options["municipality_key"], title=options["title"]
        )
        username = options["editor_username"]
        user_model = get_user_model()
        if username and user_model.objects.filter(username=username).exists():
            raise CommandError(f"Den Benutzer „{username}“ gibt es schon. Nichts angelegt.")
        try:
            approver = approver_choose(
                identifier=options["approver"], email=options["approver_email"]
            )
        except ValidationError as error:
            raise CommandError(
                "Freigabe-Konto: " + " ".join(error.messages) + " Nichts angelegt."
            ) from error
        if approver.user is None and approver.username == username:
            raise CommandError(
                "Freigabe- und Redaktionskonto müssen verschiedene Konten sein. Nichts angelegt."
            )

        city = CityPage(
            title=options["title"],
            slug=slug,
            official_name=options["official_name"],
            federal_state=options["state"],
            district=options["district"],
            municipality_key=options["municipality_key"],
            population=options["population"],
            latitude=decimal_argument(options["latitude"]),
            longitude=decimal_argument(options["longitude"]),
            website=options["website"],
        )
        password = None
        approver_password = None
        if approver.user is None:
            approver_password = options["approver_password"] or secrets.token_urlsafe(12)
        try:
            with transaction.atomic():
                # Page.save() runs full_clean(): validators, CityPage.clean(), unique slug.
                index.add_child(instance=city)
                city.save_revision().publish()
                governance, approver_user = city_admit(
                    city=city, approver=approver, password=approver_password
                )
                if username:
                    password = options["editor_password"] or secrets.token_urlsafe(12)
                    editor = user_model.objects.create_user(
                        username, email=options["editor_email"], password=password
                    )
                    editor.groups.add(governance.editors)
        except ValidationError as error:
            raise CommandError(
                "Die Stadt wurde nicht angelegt:\n" + validation_messages(error)
            ) from error

        self.stdout.write(
            self.style.SUCCESS(
                f"{city.title} aufgenommen: {city.url_path} mit den Gruppen "
                f"„{governance.editors.name}“ und „{governance.moderators.name}“ und dem "
                f"Workflow „{governance.workflow.name}“."
            )
        )
        state = "neu angelegt" if approver.user is None else "bestehend"
        self.stdout.write(f"Freigabe-Konto ({state}): {approver_user.get_username()}")
        if approver.user is None and not options["approver_password"]:
            self.stdout.write(
                f"Erzeugtes Passwort des Freigabe-Kontos (nur jetzt sichtbar): {approver_password}"
            )
        if username:
            self.stdout.write(f"Redaktionskonto: {username}")
            if not options["editor_password"]:
                self.stdout.write(f"Erzeugtes Passwort (nur jetzt sichtbar): {password}")

    def refuse_duplicates(self, *, index, slug, key, title):
        same_key = CityPage.objects.filter(municipality_key=key).first()
        if same_key is not None:
            raise CommandError(
                f"Den Gemeindeschlüssel {key} hat schon die Stadt „{same_key.title}“. "
                "Nichts angelegt."
            )
        same_slug = index.get_children().filter(slug=slug).first()
        if same_slug is not None:
            raise CommandError(
                f"Unter „{index.title}“ gibt es schon die Seite „{same_slug.title}“ mit der "
                f"Adresse „{slug}“. Nichts angelegt; mit --slug eine andere Adresse wählen."
            )
        if CityPage.objects.filter(title=title).exists():
            raise CommandError(f"Eine Stadt „{title}“ gibt es schon. Nichts angelegt.")

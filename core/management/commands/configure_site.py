"""
`manage.py configure_site`: write the public address from
WAGTAILADMIN_BASE_URL into Wagtail's Site record (see core.site_address).
`migrate` does the same; this command is for a changed address without a
migration, and says what it did.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core.site_address import site_address_apply


class Command(BaseCommand):
    help = "Übernimmt die öffentliche Adresse aus WAGTAILADMIN_BASE_URL in den Site-Eintrag."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            help="Adresse statt WAGTAILADMIN_BASE_URL, z. B. https://wissensnetz.example.de",
        )

    def handle(self, *args, url=None, **options):
        try:
            site, changed = site_address_apply(url=url)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if site is None:
            raise CommandError("Es gibt noch keinen Site-Eintrag; bitte zuerst migrate ausführen.")
        state = "übernommen" if changed else "war schon eingetragen"
        self.stdout.write(self.style.SUCCESS(f"Adresse {site.root_url} {state}."))

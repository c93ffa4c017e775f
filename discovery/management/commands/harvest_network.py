"""
`manage.py harvest_network [NETWORK …]`: fetch the public projects and
lessons of the partner networks registered in the admin (discovery.harvest),
and the software of the publiccode.yml catalogues among them
(discovery.publiccode_harvest).

Without arguments every active network; with arguments the networks named
(by name or id), active or not. Each network is harvested on its own: one
that fails keeps its previous copy, the error is shown in the admin, and the
others go on. The command exits with status 1 if any network failed, so that
cron mails it and systemd marks the run failed (README: Partnernetzwerke).

`harvest_network --publiccode SOURCE … --network NAME` reads a catalogue
from the command line: web addresses of publiccode.yml files and folders on
this server (any folder: whoever runs the command has the server's files
already), into the catalogue network NAME, created if missing (inactive, as
its sources are the command line's and not stored). A catalogue's refused
files are listed on stderr; they do not make the run fail while other files
were taken.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from discovery.catalogue_sources import catalogue_source_problems, catalogue_sources
from discovery.choices import PartnerNetworkKind
from discovery.harvest import network_harvest
from discovery.models import PartnerNetwork
from discovery.publiccode_harvest import catalogue_harvest

KINDS = {"projects": "Projekte", "lessons": "Erfahrungen"}


class Command(BaseCommand):
    help = (
        "Holt öffentliche Projekte und Erfahrungen der Partnernetzwerke ab (alle aktiven, "
        "oder die genannten nach Name oder ID); mit --publiccode einen Katalog von "
        "publiccode.yml-Dateien."
    )

    def add_arguments(self, parser):
        parser.add_argument("networks", nargs="*", help="Name oder ID eines Partnernetzwerks")
        parser.add_argument(
            "--publiccode",
            action="extend",
            nargs="+",
            default=[],
            metavar="QUELLE",
            help="http(s)-Adresse einer publiccode.yml-Datei oder ein Ordner (alle .yml- und "
            ".yaml-Dateien darunter); mehrere erlaubt",
        )
        parser.add_argument(
            "--network",
            metavar="NAME",
            help="mit --publiccode: das Katalog-Netzwerk, in das übernommen wird "
            "(angelegt, wenn es fehlt)",
        )

    def handle(self, *args, networks, publiccode, network, **options):
        sources = None
        if publiccode or network:
            if networks or not (publiccode and network):
                raise CommandError(
                    "--publiccode QUELLE … und --network NAME gehören zusammen, ohne weitere "
                    "Netzwerke."
                )
            problems = catalogue_source_problems("\n".join(publiccode), any_folder=True)
            if problems:
                raise CommandError("Keine Quelle: " + "; ".join(problems))
            sources = catalogue_sources("\n".join(publiccode), any_folder=True)
            chosen = [self.catalogue_named(network)]
        else:
            chosen = self.networks_named(networks) if networks else self.active_networks()
        if not chosen:
            self.stdout.write("Kein aktives Partnernetzwerk eingetragen.")
            return
        failed = []
        for partner in chosen:
            if partner.is_catalogue:
                outcome = catalogue_harvest(network=partner, sources=sources)
            else:
                outcome = network_harvest(network=partner)
            if outcome.succeeded:
                # A catalogue has no lessons.
                counts = {
                    kind: c
                    for kind, c in outcome.counts.items()
                    if kind == "projects" or not partner.is_catalogue
                }
                self.stdout.write(f"{partner.name}: {self.summary(counts)}")
                for problem in outcome.problems:
                    self.stderr.write(f"{partner.name}: abgelehnt: {problem}")
            else:
                failed.append(partner.name)
                self.stderr.write(f"{partner.name}: Fehler: {outcome.error}")
        if failed:
            raise CommandError(
                "Nicht abgeholt (die bisherigen Kopien bleiben): " + ", ".join(failed)
            )

    @staticmethod
    def active_networks() -> list[PartnerNetwork]:
        return list(PartnerNetwork.objects.filter(active=True))

    @staticmethod
    def networks_named(names: list[str]) -> list[PartnerNetwork]:
        found = []
        for name in names:
            condition = Q(name=name)
            if name.isdigit() and len(name) < 19:
                condition |= Q(pk=int(name))
            network = PartnerNetwork.objects.filter(condition).first()
            if network is None:
                known = ", ".join(PartnerNetwork.objects.values_list("name", flat=True)) or "–"
                raise CommandError(f"Kein Partnernetzwerk „{name}“. Eingetragen: {known}")
            found.append(network)
        return found

    @staticmethod
    def catalogue_named(name: str) -> PartnerNetwork:
        """The catalogue network of this name; a new one is inactive (its sources are ours)."""
        network = PartnerNetwork.objects.filter(name=name).first()
        if network is None:
            network = PartnerNetwork(
                name=name, kind=PartnerNetworkKind.PUBLICCODE_CATALOGUE, active=False
            )
            try:
                network.full_clean()
            except ValidationError as error:
                raise CommandError(f"Netzwerk „{name}“: " + " ".join(error.messages)) from None
            network.save()
        elif not network.is_catalogue:
            raise CommandError(
                f"„{name}“ ist eine Installation, kein Katalog von publiccode.yml-Dateien."
            )
        return network

    @staticmethod
    def summary(counts: dict[str, dict[str, int]]) -> str:
        return "; ".join(
            f"{KINDS[kind]}: {c['created']} neu, {c['updated']} geändert, "
            f"{c['deleted']} entfernt, {c['unchanged']} unverändert"
            for kind, c in counts.items()
        )

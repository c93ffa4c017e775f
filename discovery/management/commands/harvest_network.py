"""
`manage.py harvest_network [NETWORK …]`: fetch the public projects and
lessons of the partner networks registered in the admin (discovery.harvest).

Without arguments every active network; with arguments the networks named
(by name or id), active or not. Each network is harvested on its own: one
that fails keeps its previous copy, the error is shown in the admin, and the
others go on. The command exits with status 1 if any network failed, so that
cron mails it and systemd marks the run failed (README: Partnernetzwerke).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from discovery.harvest import network_harvest
from discovery.models import PartnerNetwork

KINDS = {"projects": "Projekte", "lessons": "Erfahrungen"}


class Command(BaseCommand):
    help = (
        "Holt öffentliche Projekte und Erfahrungen der Partnernetzwerke ab (alle aktiven, "
        "oder die genannten nach Name oder ID)."
    )

    def add_arguments(self, parser):
        parser.add_argument("networks", nargs="*", help="Name oder ID eines Partnernetzwerks")

    def handle(self, *args, networks, **options):
        chosen = self.networks_named(networks) if networks else self.active_networks()
        if not chosen:
            self.stdout.write("Kein aktives Partnernetzwerk eingetragen.")
            return
        failed = []
        for network in chosen:
            outcome = network_harvest(network=network)
            if outcome.succeeded:
                self.stdout.write(f"{network.name}: {self.summary(outcome.counts)}")
            else:
                failed.append(network.name)
                self.stderr.write(f"{network.name}: Fehler: {outcome.error}")
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
    def summary(counts: dict[str, dict[str, int]]) -> str:
        return "; ".join(
            f"{KINDS[kind]}: {c['created']} neu, {c['updated']} geändert, "
            f"{c['deleted']} entfernt, {c['unchanged']} unverändert"
            for kind, c in counts.items()
        )

"""
`manage.py refresh_similar_projects`: recompute every project's list of similar
projects (registry.similar).

Pages keep the lists up to date when they are saved, published, unpublished,
moved or deleted; run this after writes that bypass the pages' save(), such
as bulk imports or SQL run by hand.
"""

import time

from django.core.management.base import BaseCommand

from registry.similar import similar_projects_refresh_all


class Command(BaseCommand):
    help = (
        "Berechnet die ähnlichen Projekte aller Projekte neu (nach Massenänderungen, "
        "die save() der Seiten umgehen)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = similar_projects_refresh_all()
        seconds = time.perf_counter() - started
        self.stdout.write(f"Ähnliche Projekte neu berechnet ({rows} Einträge) in {seconds:.1f} s.")

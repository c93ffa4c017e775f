"""
Benchmark of writing a harvest's copies (not a test).

Times `discovery.harvest.copies_sync`, the harvest's writing step, for
`--copies` project copies of one network: create them all, change them all,
delete them all; beside it, the same three steps written one copy at a time
through `save()` and `delete()`, as the harvest wrote them before, with the
search index and the page cache updated by the save signals. The two take
turns, `--rounds` times, in one process on the database of DATABASE_URL;
each row gives the median seconds per step.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/main_dev \\
        .venv/bin/python scripts/benchmark_harvest_write.py --copies 2000

The database needs the migrations (`manage.py migrate`). The network it adds
is called „Benchmark-Schreiben“ and is deleted at the end of every round.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

NETWORK = "Benchmark-Schreiben"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


def records(copies: int, summary: str) -> dict[int, dict]:
    return {
        number: {
            "title": f"Projekt {number} Parkplatz",
            "summary": summary,
            "source_url": f"https://benchmark-schreiben.example.org/p/{number}/",
            "city_name": "Partnerstadt",
        }
        for number in range(1, copies + 1)
    }


def one_by_one(model, network, wanted: dict[int, dict]) -> None:
    """The writing as it was: a save or delete per copy, each sending its signals."""
    existing = {copy.source_id: copy for copy in model.objects.filter(network=network)}
    for source_id, values in wanted.items():
        copy = existing.pop(source_id, None)
        if copy is None:
            model.objects.create(network=network, source_id=source_id, **values)
            continue
        for name, value in values.items():
            setattr(copy, name, value)
        copy.save()
    if existing:
        model.objects.filter(pk__in=[copy.pk for copy in existing.values()]).delete()


def timed_round(write, copies: int) -> dict[str, float]:
    from django.db import transaction

    from discovery.models import HarvestedProject, PartnerNetwork

    PartnerNetwork.objects.filter(name=NETWORK).delete()
    network = PartnerNetwork.objects.create(
        name=NETWORK, base_url="https://benchmark-schreiben.example.org/"
    )
    times = {}
    for step, wanted in (
        ("anlegen", records(copies, "Sensoren melden freie Plätze.")),
        ("ändern", records(copies, "Jetzt auch in der Innenstadt.")),
        ("löschen", {}),
    ):
        started = time.perf_counter()
        with transaction.atomic():
            write(HarvestedProject, network, wanted)
        times[step] = time.perf_counter() - started
    network.delete()
    return times


def main():
    arguments = parse_arguments()
    import django

    django.setup()
    from discovery.harvest import copies_sync

    def in_bulk(model, network, wanted):
        copies_sync(model=model, network=network, records=wanted)

    results = {"einzeln (vorher)": [], "copies_sync (gebündelt)": []}
    for _ in range(arguments.rounds):
        results["einzeln (vorher)"].append(timed_round(one_by_one, arguments.copies))
        results["copies_sync (gebündelt)"].append(timed_round(in_bulk, arguments.copies))
    print(f"{arguments.copies} Kopien, Median von {arguments.rounds} Runden, Sekunden")
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    for name, rounds in results.items():
        row = {step: statistics.median(r[step] for r in rounds) for step in rounds[0]}
        print(f"{name:26} " + "  ".join(f"{step} {value:6.2f}" for step, value in row.items()))


if __name__ == "__main__":
    main()

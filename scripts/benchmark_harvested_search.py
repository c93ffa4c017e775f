"""
Benchmark of the search with copies harvested from a partner network (not a test).

Measures the search pages on a registry already in the database (built by
scripts/benchmark_discovery.py, or the demo), first without any copy, then
with a partner network of `--copies` projects and half as many lessons added
(bulk-inserted and indexed with the search backend's own bulk add, as
`update_index` does), then again without, after the network is deleted. Each
row: p50 of `--requests` requests with Django's test client after two
warm-up requests, and the number of queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_main \\
        .venv/bin/python scripts/benchmark_harvested_search.py --copies 5000

The network it adds is called „Benchmark-Partnernetzwerk“ and is deleted at
the end (and before it starts, if an earlier run left it).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

NETWORK = "Benchmark-Partnernetzwerk"
WORDS = ["Parkplatz", "Sensoren", "LoRaWAN", "Wärmeplanung", "Radverkehr", "Hafen", "Schule"]
FIELDS = [("mobilitaet", "Mobilität"), ("energie-klima", "Energie und Klima")]
STATUSES = [("pilot", "Pilot / Umsetzung"), ("operation", "Im Betrieb")]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=15)
    return parser.parse_args()


def add_network(*, copies: int):
    """The network and its copies, indexed; returns (network, seconds to index)."""
    from django.utils import timezone

    from wagtail.search.backends import get_search_backend

    from discovery.models import HarvestedLesson, HarvestedProject, PartnerNetwork

    rng = random.Random(16)
    now = timezone.now()
    network = PartnerNetwork.objects.create(
        name=NETWORK, base_url="https://benchmark-partner.example.org/"
    )
    projects = []
    for number in range(copies):
        words = rng.sample(WORDS, 2)
        field = rng.choice(FIELDS)
        status = rng.choice(STATUSES)
        projects.append(
            HarvestedProject(
                network=network,
                source_id=number + 1,
                source_url=f"https://benchmark-partner.example.org/projekte/{number + 1}/",
                title=f"{words[0]} in Partnerstadt {number % 300}",
                summary=f"{words[0]} und {words[1]}: ein Projekt der Partnerstadt {number % 300}.",
                city_name=f"Partnerstadt {number % 300}",
                tags=[words[1]],
                first_published_at=now - datetime.timedelta(days=rng.randint(1, 900)),
                last_published_at=now,
                status=status[0],
                status_label=status[1],
                fields_of_action=[{"slug": field[0], "name": field[1]}],
            )
        )
    HarvestedProject.objects.bulk_create(projects, batch_size=1000)
    stored = list(HarvestedProject.objects.filter(network=network).order_by("pk"))
    lessons = [
        HarvestedLesson(
            network=network,
            source_id=copies + number + 1,
            source_url=f"{project.source_url}erfahrung/",
            title=f"Erfahrung: {project.title}",
            summary="Die Sensoren früh im Winter testen.",
            city_name=project.city_name,
            kind="obstacle",
            project=project,
            project_title=project.title,
            project_url=project.source_url,
        )
        for number, project in enumerate(stored[::2])
    ]
    HarvestedLesson.objects.bulk_create(lessons, batch_size=1000)
    started = time.perf_counter()
    backend = get_search_backend()
    backend.add_bulk(HarvestedProject, stored)
    backend.add_bulk(HarvestedLesson, list(HarvestedLesson.objects.filter(network=network)))
    indexed = time.perf_counter() - started
    network.project_count, network.lesson_count = len(stored), len(lessons)
    network.last_run_at = network.last_success_at = timezone.now()
    network.save()
    return network, indexed


def remove_network() -> None:
    from wagtail.search.backends import get_search_backend

    from discovery.models import HarvestedLesson, HarvestedProject, PartnerNetwork

    backend = get_search_backend()
    for network in PartnerNetwork.objects.filter(name=NETWORK):
        for model in (HarvestedLesson, HarvestedProject):
            for copy in model.objects.filter(network=network).only("pk"):
                backend.delete(copy)
        network.delete()


def measure(urls: list[tuple[str, str]], *, requests: int) -> dict[str, tuple[float, int, int]]:
    """{label: (p50 ms, queries, results)}."""
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    cache.clear()
    found = {}
    for label, url in urls:
        for _warm_up in range(2):
            assert client.get(url).status_code == 200, url
        durations = []
        for _number in range(requests):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                durations.append((time.perf_counter() - started) * 1000)
        found[label] = (
            statistics.median(durations),
            len(captured.captured_queries),
            response.context["search"].total,
        )
    return found


def main():
    arguments = parse_arguments()
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the responses' context, for the number of results
    remove_network()
    urls = [
        ("Suche „Parkplatz“", "/search/?q=Parkplatz"),
        ("Suche „Stadt“ (Wort auf jeder Seite)", "/search/?q=Stadt"),
        (
            "Suche „Sensoren“, Typ Projekt, Mobilität",
            "/search/?q=Sensoren&type=project&topic=mobilitaet",
        ),
        ("Stöbern ohne Begriff", "/search/"),
        ("Stöbern: Projekte, Mobilität", "/search/?type=project&topic=mobilitaet"),
    ]
    load = [os.getloadavg()[0]]
    without = measure(urls, requests=arguments.requests)
    network, indexed = add_network(copies=arguments.copies)
    load.append(os.getloadavg()[0])
    with_copies = measure(
        [
            *urls,
            ("Nur das Partnernetzwerk, „Parkplatz“", f"/search/?q=Parkplatz&network={network.pk}"),
        ],
        requests=arguments.requests,
    )
    remove_network()
    load.append(os.getloadavg()[0])
    again = measure(urls, requests=arguments.requests)
    print(
        f"{arguments.copies} project copies, {arguments.copies // 2} lesson copies, "
        f"indexed in {indexed:.1f} s; load average {', '.join(f'{value:.2f}' for value in load)}"
    )
    print("| Seite | ohne Kopien | mit Kopien | danach ohne | mit ÷ ohne |\n|---|---|---|---|---|")
    for label, _url in [*urls, ("Nur das Partnernetzwerk, „Parkplatz“", "")]:
        cells = []
        for figures in (without, with_copies, again):
            if label in figures:
                p50, queries, total = figures[label]
                cells.append(f"{p50:.0f} ms, {queries} q, {total} Treffer")
            else:
                cells.append("–")
        base = [figures[label][0] for figures in (without, again) if label in figures]
        ratio = (
            f"{with_copies[label][0] / statistics.mean(base):.2f}"
            if base and label in with_copies
            else "–"
        )
        print(f"| {label} | {' | '.join(cells)} | {ratio} |")


if __name__ == "__main__":
    main()

"""
Benchmark of the discovery pages on PostgreSQL (not a test).

Builds a registry in a dedicated database (dropped and created afresh), fills
the search index, then requests each discovery page repeatedly with Django's
test client and reports p50/p95 latency and the number of queries. Writes the
figures to docs/performance.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_disco \\
        .venv/bin/python scripts/benchmark_discovery.py

Options: --cities 200 --projects 20000 --requests 30 --small (also measure a
small registry first, to show that query counts do not grow with the data).

The same registry side by side with wagtail/bakerydemo, served by gunicorn, with
ratios and throughput: scripts/benchmark_compare.py (it builds with this script's
build_registry, or measures a database this script has built).

The tree is built with bulk inserts and treebeard paths computed here, not
with `add_child()` per page: saving 40,000 pages one by one through Wagtail
takes hours on a small machine. The search index is filled with the backend's
own bulk add (see `fill_search_index`), timed.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

WORDS = [
    "Parkplatz",
    "Sensoren",
    "LoRaWAN",
    "Straßenbeleuchtung",
    "Bürgerportal",
    "Verkehr",
    "Energie",
    "Wärmeplanung",
    "Radverkehr",
    "Schule",
    "Tablets",
    "Datenplattform",
    "Hochwasser",
    "Pegel",
    "Müllabfuhr",
    "Füllstand",
    "Bibliothek",
    "Terminvergabe",
    "Onlinedienst",
    "Luftqualität",
    "Baumkataster",
    "Bewässerung",
    "Ladesäulen",
    "Carsharing",
    "Bürgerbeteiligung",
    "Haushalt",
    "Tourismus",
    "Strand",
    "Hafen",
    "Digitalisierung",
]
FILLER = (
    "Die Stadt hat gemeinsam mit dem Stadtwerk ein digitales Verfahren eingeführt, "
    "das Verwaltung und Bürgerinnen entlastet und die Daten offen bereitstellt."
)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=200)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--small", action="store_true", help="measure a small registry first")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="do not rebuild: measure the registry already in the database",
    )
    parser.add_argument("--output", default=str(BASE_DIR / "docs" / "performance.md"))
    return parser.parse_args()


def recreate_database(url, *, prefix="bench_"):
    """Drop and create the benchmark database, so every run starts the same."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith(prefix):
        sys.exit(f"Refusing to drop {name!r}: the benchmark database must be called {prefix}…")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def build_registry(*, cities, projects):
    """Cities via Wagtail, projects/lessons/articles/news in bulk. Returns timings."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone

    from wagtail.models import Page

    from taggit.models import Tag

    from home.models import HomePage, NewsIndexPage, NewsPage, NewsPageTag
    from knowledge.models import (
        ArticlePage,
        ArticlePageTag,
        KnowledgeIndexPage,
        LessonPage,
        LessonPageTag,
    )
    from registry.models import (
        CityIndexPage,
        CityPage,
        FieldOfAction,
        ProjectPage,
        ProjectPageTag,
    )

    rng = random.Random(20_000)
    now = timezone.now()
    home = HomePage.objects.get()
    city_index = home.add_child(instance=CityIndexPage(title="Städte", slug="staedte"))
    knowledge_index = home.add_child(instance=KnowledgeIndexPage(title="Wissen", slug="wissen"))
    news_index = home.add_child(instance=NewsIndexPage(title="Nachrichten", slug="nachrichten"))
    topics = list(FieldOfAction.objects.all())
    tags = Tag.objects.bulk_create(
        [Tag(name=f"Thema {number}", slug=f"thema-{number}") for number in range(300)]
        + [Tag(name=word, slug=word.lower()) for word in WORDS]
    )

    def columns(model):
        with connection.cursor() as cursor:
            described = connection.introspection.get_table_description(cursor, model._meta.db_table)
        present = {column.name for column in described}
        return [field for field in model._meta.local_concrete_fields if field.column in present]

    def insert_pages(model, items):
        """
        items: (parent, row) pairs, row = title, slug and the specific fields.
        Treebeard paths are computed from each parent's path and child count;
        every parent's numchild is raised in one UPDATE per distinct increment.
        """
        content_type = ContentType.objects.get_for_model(model)
        added = Counter()
        base = []
        for parent, row in items:
            added[parent.pk] += 1
            position = parent.numchild + added[parent.pk]
            base.append(
                Page(
                    title=row["title"],
                    draft_title=row["title"],
                    slug=row["slug"],
                    content_type=content_type,
                    path=Page._get_path(parent.path, parent.depth + 1, position),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{row['slug']}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=parent.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        Page.objects.bulk_create(base, batch_size=2000)
        specific = [
            model(page_ptr_id=page.pk, **row["fields"])
            for page, (_parent, row) in zip(base, items, strict=True)
        ]
        fields = columns(model)
        for start in range(0, len(specific), 2000):
            model._base_manager._insert(specific[start : start + 2000], fields=fields)
        by_increment = {}
        for parent_pk, increment in added.items():
            by_increment.setdefault(increment, []).append(parent_pk)
        for increment, parent_pks in by_increment.items():
            Page.objects.filter(pk__in=parent_pks).update(numchild=F("numchild") + increment)
        return [(page.pk, row) for page, (_parent, row) in zip(base, items, strict=True)]

    def text(count):
        return " ".join(rng.sample(WORDS, count))

    def body(words):
        return [
            {"type": "paragraph", "value": f"<p>{words}. {FILLER}</p>", "id": str(uuid.uuid4())}
        ]

    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        city_pages = []
        for number in range(cities):
            city_pages.append(
                city_index.add_child(
                    instance=CityPage(
                        title=f"Hansestadt {number:03d}",
                        slug=f"stadt-{number:03d}",
                        official_name=f"Hansestadt {number:03d}",
                        federal_state="13",
                        municipality_key=f"13{number:06d}",
                        latitude="54.0",
                        longitude="12.0",
                    )
                )
            )
            city_index.refresh_from_db()
        timings["cities"] = time.perf_counter() - started

        started = time.perf_counter()
        per_city = projects // cities
        items = []
        for city in city_pages:
            for number in range(per_city):
                words = text(3)
                items.append(
                    (
                        city,
                        {
                            "title": f"{words.split()[0]} {city.title} {number}",
                            "slug": f"projekt-{number}",
                            "fields": {
                                "city_id": city.pk,
                                "summary": f"{words} in {city.title}.",
                                "body": body(words),
                                "status": rng.choice(
                                    ["idea", "planning", "pilot", "operation", "completed"]
                                ),
                                "reusable_concept": rng.random() < 0.4,
                                "reusable_tender": rng.random() < 0.2,
                                "reusable_software": rng.random() < 0.3,
                                "reusable_data": rng.random() < 0.3,
                            },
                        },
                    )
                )
        created = insert_pages(ProjectPage, items)
        project_ids = [(pk, city) for (pk, _row), (city, _item) in zip(created, items, strict=True)]
        ProjectPageTag.objects.bulk_create(
            [
                ProjectPageTag(content_object_id=pk, tag=tag)
                for pk, _city in project_ids
                for tag in rng.sample(tags, 3)
            ],
            batch_size=5000,
        )
        through = ProjectPage.fields_of_action.through
        through.objects.bulk_create(
            [
                through(projectpage_id=pk, fieldofaction_id=topic.pk)
                for pk, _city in project_ids
                for topic in rng.sample(topics, 2)
            ],
            batch_size=5000,
        )
        timings["projects"] = time.perf_counter() - started

        started = time.perf_counter()
        projects_by_pk = {
            page.pk: page
            for page in Page.objects.filter(pk__in=[pk for pk, _city in project_ids]).only(
                "path", "depth", "numchild", "url_path", "locale_id"
            )
        }
        items = []
        for pk, city in project_ids:
            words = text(2)
            items.append(
                (
                    projects_by_pk[pk],
                    {
                        "title": f"Erfahrung: {words}",
                        "slug": "erfahrung",
                        "fields": {
                            "city_id": city.pk,
                            "summary": f"Was wir über {words} gelernt haben.",
                            "body": body(words),
                            "kind": rng.choice(["success_factor", "obstacle", "recommendation"]),
                            "phase": rng.choice(
                                ["planning", "procurement", "implementation", "operation"]
                            ),
                            "do_differently": "<p>Früher mit allen reden.</p>",
                        },
                    },
                )
            )
        lesson_ids = [pk for pk, _row in insert_pages(LessonPage, items)]
        LessonPageTag.objects.bulk_create(
            [LessonPageTag(content_object_id=pk, tag=rng.choice(tags)) for pk in lesson_ids],
            batch_size=5000,
        )
        timings["lessons"] = time.perf_counter() - started

        started = time.perf_counter()
        articles = insert_pages(
            ArticlePage,
            [
                (
                    knowledge_index,
                    {
                        "title": f"Leitfaden {number}: {text(2)}",
                        "slug": f"leitfaden-{number}",
                        "fields": {"summary": text(4), "body": body(text(3))},
                    },
                )
                for number in range(200)
            ],
        )
        ArticlePageTag.objects.bulk_create(
            [ArticlePageTag(content_object_id=pk, tag=rng.choice(tags)) for pk, _row in articles]
        )
        ArticlePage.related_projects.through.objects.bulk_create(
            [
                ArticlePage.related_projects.through(
                    articlepage_id=pk, projectpage_id=rng.choice(project_ids)[0]
                )
                for pk, _row in articles
            ]
        )
        ArticlePage.fields_of_action.through.objects.bulk_create(
            [
                ArticlePage.fields_of_action.through(
                    articlepage_id=pk, fieldofaction_id=rng.choice(topics).pk
                )
                for pk, _row in articles
            ]
        )
        news = insert_pages(
            NewsPage,
            [
                (
                    news_index,
                    {
                        "title": f"Meldung {number}: {text(2)}",
                        "slug": f"meldung-{number}",
                        "fields": {
                            "date": now.date(),
                            "teaser": text(4),
                            "body": body(text(3)),
                        },
                    },
                )
                for number in range(500)
            ],
        )
        NewsPageTag.objects.bulk_create(
            [NewsPageTag(content_object_id=pk, tag=rng.choice(tags)) for pk, _row in news]
        )
        NewsPage.related_cities.through.objects.bulk_create(
            [
                NewsPage.related_cities.through(
                    newspage_id=pk, citypage_id=rng.choice(city_pages).pk
                )
                for pk, _row in news
            ]
        )
        timings["articles_news"] = time.perf_counter() - started

    started = time.perf_counter()
    fill_search_index([ProjectPage, LessonPage, ArticlePage, NewsPage])
    timings["search_index"] = time.perf_counter() - started
    # The bulk inserts bypass the pages' save(), which records their facets.
    started = time.perf_counter()
    call_command("rebuild_search_facets", verbosity=0)
    timings["facet_index"] = time.perf_counter() - started
    # Likewise the stored lists of similar projects (registry.similar).
    started = time.perf_counter()
    call_command("refresh_similar_projects", verbosity=0)
    timings["similar_projects"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would, before any reader
    return timings


def fill_search_index(models, *, chunk_size=1000):
    """
    Index the bulk-created pages with the search backend's own `add_bulk`, in
    chunks: the same entries as `manage.py update_index`, with the fields of
    action of a chunk loaded in one query and assigned in memory.
    """
    from collections import defaultdict

    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for model in models:
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), chunk_size):
            chunk = ids[start : start + chunk_size]
            pages = model.objects.filter(pk__in=chunk).prefetch_related("tags")
            if hasattr(model, "city"):
                pages = pages.select_related("city")
            pages = list(pages)
            if hasattr(model, "fields_of_action"):
                through = model.fields_of_action.through
                owner = f"{model._meta.model_name}_id"
                fields = defaultdict(list)
                for row in through.objects.filter(**{f"{owner}__in": chunk}).select_related(
                    "fieldofaction"
                ):
                    fields[getattr(row, owner)].append(row.fieldofaction)
                for page in pages:
                    page.fields_of_action = fields[page.pk]
            backend.add_bulk(model, pages)


def english_version(page):
    """`page` in English, translated once through wagtail-localize; None without English."""
    from wagtail.models import Locale

    from wagtail_localize.operations import translate_object

    locale = Locale.objects.filter(language_code="en").first()
    if locale is None:
        return None
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translate_object(page, [locale])
        translation = page.get_translation(locale)
    return translation


def measure(*, requests):
    """p50/p95 latency and queries of each scenario, after two warm-up requests."""
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from registry.models import ProjectPage

    client = Client()
    middle = ProjectPage.objects.count() // 2
    project = ProjectPage.objects.live().order_by("pk")[middle : middle + 1].get()
    topic = project.fields_of_action.first()
    tag = project.tags.first()
    # The first five are the pages the issue names; the rest show the
    # ends of the range: a frequent word, browsing from the overview, the
    # browse page with its counts not yet cached, and a word on every page.
    scenarios = [
        ("Suche mit Begriff", "/search/?q=Sensoren+Parkplatz", False),
        (
            "Suche mit Begriff und drei Facetten",
            f"/search/?q=Sensoren&type=project&city={project.city.slug}&topic={topic.slug}",
            False,
        ),
        ("Schlagwortseite", f"/tags/{tag.slug}/", False),
        ("Projektseite mit ähnlichen Projekten", project.url, False),
        ("Überblick Städte × Handlungsfelder", "/overview/", False),
        ("Suche mit häufigem Begriff (ca. 3.700 Treffer)", "/search/?q=Sensoren", False),
        (
            "Stöbern mit zwei Facetten (Link aus dem Überblick)",
            f"/search/?type=project&city={project.city.slug}&topic={topic.slug}",
            False,
        ),
        ("Stöbern ohne Begriff (Zähler im Cache)", "/search/", False),
        ("Stöbern ohne Begriff (Zähler nicht im Cache)", "/search/", True),
        ("Begriff auf jeder Seite (schlechtester Fall)", "/search/?q=Stadt", False),
        # The header search asks at every pause in typing.
        ("Vorschläge beim Tippen (zwei Buchstaben)", "/search/suggest/?q=Pa", False),
        ("Vorschläge beim Tippen (zwei Wörter)", "/search/suggest/?q=Sensoren+Pa", False),
        ("Kein Treffer, mit „Meinten Sie“", "/search/?q=Sensoren+Xylofonwerkstatt", False),
    ]
    english = english_version(project)
    if english is not None:
        # The same rows in English (issue #15): the project translated as an
        # editor's click translates it, its city and the pages above as aliases.
        scenarios += [
            (
                f"{label} (English)",
                english.url if url == project.url else f"/en{url}",
                cold,
            )
            for label, url, cold in scenarios
        ]
    results = []
    for label, url, cold in scenarios:
        for _warm_up in range(2):
            assert client.get(url).status_code == 200, url
        durations = []
        queries = 0
        for _number in range(requests):
            if cold:
                cache.clear()
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                durations.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
            queries = len(captured.captured_queries)
        cuts = statistics.quantiles(durations, n=20, method="inclusive")
        results.append(
            {
                "label": label,
                "url": url,
                "p50": statistics.median(durations),
                "p95": cuts[18],
                "queries": queries,
            }
        )
        print(f"{label:52} p50 {results[-1]['p50']:7.1f} ms  p95 {cuts[18]:7.1f} ms  {queries} q")
    return results


def run(*, url, cities, projects, requests):
    recreate_database(url)
    from django.db import connections

    connections.close_all()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started
    timings = build_registry(cities=cities, projects=projects)
    timings["migrate"] = migrate_seconds
    from wagtail.models import Page

    total_pages = Page.objects.count()
    print(f"{cities} cities, {projects} projects, {total_pages} pages; timings {timings}")
    return {"timings": timings, "pages": total_pages, "results": measure(requests=requests)}


def write_report(*, path, command, large, small, cities, projects):
    lines = [
        "# Performance of discovery",
        "",
        "Measured with `scripts/benchmark_discovery.py` (not part of the test suite) on the "
        "development machine (2 cores), PostgreSQL, Django's test client, "
        "after two warm-up requests per page; the target is p95 ≤ 100 ms. Command:",
        "",
        "```sh",
        command,
        "```",
        "",
        f"## {cities} cities, {projects:,} projects with one lesson each "
        f"({large['pages']:,} pages in all)".replace(",", "."),
        "",
        f"Load average (1 min) after measuring: {large.get('load', 0):.2f}.",
        "",
        "| page | URL | p50 | p95 | queries |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    small_queries = {row["label"]: row["queries"] for row in small["results"]} if small else {}
    for row in large["results"]:
        lines.append(
            f"| {row['label']} | `{row['url']}` | {row['p50']:.0f} ms | {row['p95']:.0f} ms | "
            f"{row['queries']} |"
        )
    lines += ["", "Building the registry (seconds):", ""]
    for name, seconds in large["timings"].items():
        lines.append(f"- {name}: {seconds:.1f}")
    if small:
        lines += [
            "",
            f"## Query counts do not depend on the data size ({small['pages']} pages vs. "
            f"{large['pages']} pages)",
            "",
            "| page | small | large |",
            "| --- | ---: | ---: |",
        ]
        for row in large["results"]:
            lines.append(
                f"| {row['label']} | {small_queries.get(row['label'])} | {row['queries']} |"
            )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    existing = Path(path).read_text() if Path(path).exists() else ""
    notes = existing.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in existing else "\n"
    Path(path).write_text("\n".join(lines) + "\n\n<!-- notes -->" + notes)


def main():
    arguments = parse_arguments()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database named bench_…")
    import django

    django.setup()
    if arguments.measure_only:
        from wagtail.models import Page

        results = measure(requests=arguments.requests)
        print(f"{Page.objects.count()} pages measured; {results}")
        return
    small = None
    if arguments.small:
        small = run(url=url, cities=10, projects=100, requests=arguments.requests)
    large = run(
        url=url, cities=arguments.cities, projects=arguments.projects, requests=arguments.requests
    )
    large["load"] = os.getloadavg()[0]
    command = (
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_disco "
        ".venv/bin/python scripts/benchmark_discovery.py"
        + (" --small" if arguments.small else "")
        + (f" --cities {arguments.cities}" if arguments.cities != 200 else "")
        + (f" --projects {arguments.projects}" if arguments.projects != 20_000 else "")
    )
    write_report(
        path=arguments.output,
        command=command,
        large=large,
        small=small,
        cities=arguments.cities,
        projects=arguments.projects,
    )
    print(f"Wrote {arguments.output}")


if __name__ == "__main__":
    main()

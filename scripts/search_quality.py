"""
Search quality on the judged queries (not a test): recall@10 and MRR.

Creates a fresh test database (in memory on SQLite; `test_<name>_search_quality`
on PostgreSQL, dropped afterwards), loads the demo content, runs every query of
tests/discovery/search_judgements.yaml through the search page and prints the
figures overall and per kind, and the queries whose expected pages are not all
in the top 10. The scoring is the test's (tests/search_evaluation.py).

    .venv/bin/python scripts/search_quality.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wissensnetz \\
        .venv/bin/python scripts/search_quality.py --json postgresql.json

Options: --markdown (the figures as Markdown for docs/search-quality.md),
--json FILE (save every query's results), --compare A.json B.json (which
queries' top 10 differ between two saved runs; exit status 1 if any do; with
--markdown also a table of the queries failing on either).
"""

import argparse
import json
import logging
import os
import sys
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "tests"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print Markdown for the doc")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the results as JSON")
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two saved runs"
    )
    return parser.parse_args()


@contextmanager
def fresh_test_database():
    """
    A migrated, empty test database for the configured connection, dropped
    on the way out. On PostgreSQL it gets a name of its own, so that it never
    replaces the database pytest keeps with --reuse-db.
    """
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = (
            f"test_{connection.settings_dict['NAME']}_search_quality"
        )
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def measure(arguments) -> int:
    import django

    django.setup()
    # The immediate task backend logs every index update of the demo load.
    logging.getLogger("django.tasks").setLevel(logging.WARNING)

    from django.core.management import call_command
    from django.test import Client

    from search_evaluation import (
        evaluate,
        evaluation_as_json,
        judgements_read,
        report_markdown,
        report_text,
    )

    judgements = judgements_read()
    with fresh_test_database():
        started = time.perf_counter()
        call_command("load_demo_content", stdout=StringIO())
        loaded = time.perf_counter()
        evaluation = evaluate(client=Client(), judgements=judgements)
        searched = time.perf_counter()
        database = database_label()
    load_average = os.getloadavg()[0]
    if arguments.markdown:
        print(report_markdown(evaluation, database=database))
    else:
        print(report_text(evaluation, database=database))
    print(
        f"\nDemo content loaded in {loaded - started:.1f} s; {len(judgements)} searches in "
        f"{searched - loaded:.1f} s; load average (1 min) {load_average:.2f}."
    )
    if arguments.json:
        arguments.json.write_text(evaluation_as_json(evaluation, database=database) + "\n")
        print(f"Saved {arguments.json}")
    return 0


def compare(first_path: Path, second_path: Path, *, markdown: bool) -> int:
    from search_evaluation import compare_dumps, failing_side_by_side_markdown

    first, second = (json.loads(path.read_text()) for path in (first_path, second_path))
    if markdown:
        print(failing_side_by_side_markdown(first, second) + "\n")
    print(
        f"{first['database']}: recall@10 {first['recall_at_10']:.3f}, MRR {first['mrr']:.3f}\n"
        f"{second['database']}: recall@10 {second['recall_at_10']:.3f}, MRR {second['mrr']:.3f}"
    )
    differences = compare_dumps(first, second)
    if not differences:
        print("Same top 10 for every query.")
        return 0
    print(f"{len(differences)} queries with a different top 10:")
    for line in differences:
        print(f"  {line}")
    return 1


def main() -> int:
    arguments = parse_arguments()
    if arguments.compare:
        return compare(*arguments.compare, markdown=arguments.markdown)
    return measure(arguments)


if __name__ == "__main__":
    sys.exit(main())

"""
Our site beside wagtail/bakerydemo, page by page, in the same run (not a test).

Issue #14, "Measure it": the rows of the issue's table, each with its bakerydemo
counterpart (home vs home, project page vs blog post, city page vs blog index, the
projects API vs bakerydemo's pages API, overview and feed vs a blog post, the searches
vs bakerydemo's search), and their ratios, written to docs/performance.md between
`<!-- compare -->` and `<!-- /compare -->`.

    scripts/bakerydemo_setup.sh                       # once: bakerydemo in /work/ext/bakerydemo
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE bench_compare TEMPLATE bench_main'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_compare \\
        .venv/bin/python scripts/benchmark_compare.py

Our registry: a database built by `scripts/benchmark_discovery.py` (or a copy of one, as
above), or `--build` to build it here with that script's builder (the database is
dropped and created afresh, so its name must start with `bench_`).

How it measures:

- Both sites run under gunicorn with their production settings (DEBUG off), 2 workers
  × 4 threads each (ours: gunicorn.conf.py; bakerydemo: `scripts/bakerydemo_setup.sh
  serve`), on PostgreSQL, on this machine. Ours uses Redis as its cache (CACHE_URL,
  default database 8, emptied first); bakerydemo has no page cache (its cache is local
  memory).
- Rounds are interleaved: in each round every row of ours is measured, then its
  bakerydemo counterpart (in even rounds bakerydemo first), `--requests` single
  requests each after two warm-up requests, so that a machine getting busier or calmer
  affects both sides alike. p50/p95 are over all rounds' requests; the ratio is of the
  p50s, with each round's ratio beside it.
- Uncached: our page cache keys on the full URL, so each timed request carries a new
  query parameter `v=<n>` that the pages ignore; an address that refuses unknown
  parameters (the API answers 400) is requested as it is, which our cache does not
  store either (the API varies on Accept). Caches inside a page (registry-wide
  aggregates) stay warm, as for any page the page cache has not kept. The `X-Cache`
  headers seen are reported, and
  a row whose uncached requests were served from the cache is marked. Cached: the same
  address again and again (`X-Cache: HIT`). bakerydemo is requested the same way.
- Queries per request: counted in-process with Django's test client, ours in this
  process (uncached address), bakerydemo's with `scripts/bakerydemo_probe.py` run with
  its own Python. Bytes: the length of the response body gunicorn sent (no compression
  asked for).
- Throughput: `wrk` for `--wrk-seconds` on the home page and the project page (ours
  cached, i.e. the same URL, and uncached, a new `v` per request from a Lua script) and
  on bakerydemo's home page and blog post, in every round.

Only the addresses of our pages are used (found in the database: the project in the
middle of the registry, its city, one of its fields of action), never their HTML, so
the benchmark keeps working when the pages change.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SECTION_START = "<!-- compare -->"
SECTION_END = "<!-- /compare -->"
SETUP_SCRIPT = BASE_DIR / "scripts" / "bakerydemo_setup.sh"
PROBE_SCRIPT = BASE_DIR / "scripts" / "bakerydemo_probe.py"

# bakerydemo's demo data (bakerydemo/base/fixtures/bakerydemo.json): fixed addresses.
BAKERY_HOME = "/"
BAKERY_POST = "/blog/wild-yeast/"
BAKERY_INDEX = "/blog/"
BAKERY_API = "/api/v2/pages/"
# "bread" is on nearly every page of the bakery, as "Stadt" on every page of ours.
BAKERY_SEARCH = "/search/?q=bread"


DEFAULTS = {"rounds": 3, "requests": 20, "wrk_seconds": 10, "wrk_connections": 8}


@dataclass
class Row:
    key: str
    label: str
    path: str
    yardstick: str
    bakery_path: str
    target: float | None = None


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=DEFAULTS["rounds"])
    parser.add_argument(
        "--requests", type=int, default=DEFAULTS["requests"], help="timed requests per row"
    )
    parser.add_argument("--bakerydemo-dir", default="/work/ext/bakerydemo")
    parser.add_argument(
        "--bakerydemo-url",
        help="an already running bakerydemo (e.g. http://127.0.0.1:8001); else started here",
    )
    parser.add_argument(
        "--wrk-seconds", type=int, default=DEFAULTS["wrk_seconds"], help="0: no throughput"
    )
    parser.add_argument("--wrk-connections", type=int, default=DEFAULTS["wrk_connections"])
    parser.add_argument("--build", action="store_true", help="build the registry first")
    parser.add_argument("--cities", type=int, default=200, help="with --build")
    parser.add_argument("--projects", type=int, default=20_000, help="with --build")
    parser.add_argument("--json", help="also write the figures as JSON to this file")
    parser.add_argument("--output", default=str(BASE_DIR / "docs" / "performance.md"))
    parser.add_argument("--no-write", action="store_true", help="print only, write no docs")
    arguments = parser.parse_args()
    if arguments.rounds < 1 or arguments.requests < 2:
        parser.error("--rounds must be at least 1 and --requests at least 2")
    return arguments


# --------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------


def local_path(url):
    """A page's URL as a path (Wagtail gives a full URL when several sites exist)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def with_v(path, value):
    return f"{path}{'&' if '?' in path else '?'}v={value}"


def our_rows():
    from django.urls import NoReverseMatch, reverse

    from benchmark_operations import pick_project

    from registry.models import FieldOfAction, ProjectPage

    project = pick_project()
    city = project.city
    # Three facets: type, the project's city and one of its fields of action (any
    # field of action if it has none).
    topic = (
        project.fields_of_action.order_by("pk").first()
        or FieldOfAction.objects.order_by("pk").first()
    )
    in_city = ProjectPage.objects.live().filter(city=city).count()
    try:
        feed = reverse("feed_projects")
    except NoReverseMatch:
        feed = "/feeds/projects/"
    facets = f"/search/?q=Sensoren&type=project&city={city.slug}"
    if topic is not None:
        facets += f"&topic={topic.slug}"
    return [
        Row("home", "home", "/", "home", BAKERY_HOME, 1.0),
        Row("project", "project page", local_path(project.url), "blog post", BAKERY_POST, 1.0),
        Row(
            "city",
            f"city page ({in_city} projects)",
            local_path(city.url),
            "blog index",
            BAKERY_INDEX,
            1.0,
        ),
        Row("api", "`/api/v2/projects/`", "/api/v2/projects/", "pages API", BAKERY_API, 1.5),
        Row("overview", "`/overview/`", "/overview/", "blog post", BAKERY_POST, 1.5),
        Row("feed", f"`{feed}`", feed, "blog post", BAKERY_POST, 1.0),
        Row(
            "search",
            "search `q=Sensoren Parkplatz`",
            "/search/?q=Sensoren+Parkplatz",
            "search",
            BAKERY_SEARCH,
        ),
        Row(
            "search_every",
            "search, a word on every page (`q=Stadt`)",
            "/search/?q=Stadt",
            "search",
            BAKERY_SEARCH,
        ),
        Row(
            "search_facets",
            "search with 3 facets",
            facets,
            "search",
            BAKERY_SEARCH,
        ),
    ]


def accepts_v(base, path):
    """
    Whether the address answers 200 with an extra `v` parameter (the cache bypass),
    else whether it answers 200 at all (then it is timed as it is). None: neither.
    """
    from benchmark_operations import get

    status, _headers, _body, _ms = get(base + with_v(path, f"check-{time.time_ns()}"))
    if status == 200:
        return True
    status, _headers, _body, _ms = get(base + path)
    return False if status == 200 else None


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


def timed(base, path, *, requests, unique):
    """Single requests through the server: durations (ms), statuses, X-Cache, body sizes."""
    import urllib.error

    from benchmark_operations import get

    stamp = time.time_ns()
    durations, errors, x_cache, sizes = [], 0, set(), set()
    for number in range(requests + 2):
        url = base + (with_v(path, f"{stamp}-{number}") if unique else path)
        try:
            status, headers, body, duration = get(url)
        except (TimeoutError, urllib.error.URLError):  # > 60 s, or the server went away
            status = None
        if number < 2:  # warm-up
            continue
        if status != 200:
            errors += 1
            continue
        durations.append(duration)
        x_cache.add(headers.get("X-Cache") or "none")
        sizes.add(len(body.encode("utf-8")))
    return {"durations": durations, "errors": errors, "x_cache": x_cache, "sizes": sizes}


def pooled(samples):
    """p50, p95 and the union of what the samples of all rounds saw."""
    durations = [duration for sample in samples for duration in sample["durations"]]
    if len(durations) < 2:
        return None
    return {
        "p50": statistics.median(durations),
        "p95": statistics.quantiles(durations, n=20, method="inclusive")[18],
        "requests": len(durations),
        "errors": sum(sample["errors"] for sample in samples),
        "x_cache": sorted(set().union(*(sample["x_cache"] for sample in samples))),
        "bytes": max(set().union(*(sample["sizes"] for sample in samples)), default=0),
        "round_p50": [
            statistics.median(sample["durations"]) if sample["durations"] else None
            for sample in samples
        ],
    }


def count_our_queries(rows, bypass):
    """Queries of one uncached and one cached request per row, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for row in rows:
        if bypass.get(row.key) is None:
            continue
        stamp = time.time_ns()
        addresses = [
            with_v(row.path, f"q-{stamp}-{number}") if bypass[row.key] else row.path
            for number in range(3)
        ]
        for address in addresses[:2]:  # warm-up: Wagtail's site root and similar caches
            client.get(address)
        # Counted as each block ends: the next request clears the connection's log.
        with CaptureQueriesContext(connection) as captured:
            response = client.get(addresses[2])
        uncached_count = len(captured.captured_queries)
        client.get(row.path)
        with CaptureQueriesContext(connection) as captured:
            repeated = client.get(row.path)
        counts[row.key] = {
            "status": response.status_code,
            "uncached": uncached_count,
            "cached": len(captured.captured_queries),
            "cached_x_cache": repeated.headers.get("X-Cache"),
        }
    return counts


def probe_bakerydemo(directory, paths):
    """bakerydemo's queries and bytes per path, versions, pages; None if not set up here."""
    if not (Path(directory) / ".venv" / "bin" / "python").exists():
        return None
    output = subprocess.run(
        [str(SETUP_SCRIPT), "run", directory, "python", str(PROBE_SCRIPT), *paths],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def wrk_lua(path, directory):
    """A wrk script that asks for `path` with a new `v` parameter on every request."""
    separator = "&" if "?" in path else "?"
    with tempfile.NamedTemporaryFile(
        "w", prefix="wrk-", suffix=".lua", dir=directory, delete=False
    ) as script:
        script.write(
            "local threads = 0\n"
            "function setup(thread)\n"
            "  threads = threads + 1\n"
            '  thread:set("id", threads)\n'
            "end\n"
            "local count = 0\n"
            "function request()\n"
            "  count = count + 1\n"
            f'  return wrk.format(nil, "{path}{separator}v=wrk-{time.time_ns()}-"'
            ' .. id .. "-" .. count)\n'
            "end\n"
        )
    return script.name


def throughput(arguments, ours, bakery, rows, bypass, bakery_bypass, round_number, logs):
    """wrk on home and project page: ours cached and uncached, bakerydemo's counterparts."""
    from benchmark_operations import run_wrk

    options = {"connections": arguments.wrk_connections, "seconds": arguments.wrk_seconds}
    figures = {}
    for row in rows:
        if row.key not in ("home", "project") or bypass.get(row.key) is None:
            continue
        if bakery_bypass.get(row.bakery_path) is None:
            continue
        runs = {
            "ours_cached": lambda row=row: run_wrk(ours + row.path, **options),
            "bakery": lambda row=row: run_wrk(bakery + row.bakery_path, **options),
        }
        if bypass[row.key]:
            script = wrk_lua(row.path, logs)
            runs["ours_uncached"] = lambda row=row, script=script: run_wrk(
                ours + row.path, script=script, **options
            )
        order = list(runs) if round_number % 2 == 0 else list(reversed(runs))
        figures[row.key] = {name: runs[name]() for name in order}
    return figures


def run_rounds(arguments, *, ours, bakery, rows, bypass, bakery_bypass, logs):
    samples = {row.key: {"ours": [], "bakery": [], "cached": []} for row in rows}
    wrk_rounds, loads = [], [("start", os.getloadavg())]
    for round_number in range(arguments.rounds):
        started = time.perf_counter()
        for row in rows:
            if bypass.get(row.key) is None or bakery_bypass.get(row.bakery_path) is None:
                continue
            sides = {
                "ours": lambda row=row: timed(
                    ours, row.path, requests=arguments.requests, unique=bypass[row.key]
                ),
                "bakery": lambda row=row: timed(
                    bakery,
                    row.bakery_path,
                    requests=arguments.requests,
                    unique=bakery_bypass[row.bakery_path],
                ),
            }
            order = ("ours", "bakery") if round_number % 2 == 0 else ("bakery", "ours")
            for side in order:
                samples[row.key][side].append(sides[side]())
            samples[row.key]["cached"].append(
                timed(ours, row.path, requests=arguments.requests, unique=False)
            )
            ours_p50 = statistics.median(samples[row.key]["ours"][-1]["durations"] or [0])
            bakery_p50 = statistics.median(samples[row.key]["bakery"][-1]["durations"] or [0])
            print(
                f"round {round_number + 1} {row.label:45} ours p50 {ours_p50:7.1f} ms   "
                f"bakerydemo ({row.yardstick}) p50 {bakery_p50:7.1f} ms",
                flush=True,
            )
        if arguments.wrk_seconds > 0:
            wrk_rounds.append(
                throughput(arguments, ours, bakery, rows, bypass, bakery_bypass, round_number, logs)
            )
        loads.append((f"after round {round_number + 1}", os.getloadavg()))
        print(
            f"round {round_number + 1}: {time.perf_counter() - started:.0f} s, "
            f"load {loads[-1][1][0]:.2f}",
            flush=True,
        )
    return samples, wrk_rounds, loads


def start_bakerydemo(directory, log):
    from benchmark_operations import free_port, wait_listening

    if not (Path(directory) / ".venv" / "bin" / "gunicorn").exists():
        sys.exit(f"bakerydemo is not set up in {directory}: run scripts/bakerydemo_setup.sh first")
    port = free_port()
    process = subprocess.Popen(
        [str(SETUP_SCRIPT), "serve", directory, str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_listening(process, port=port, log=log)
    return process, f"http://127.0.0.1:{port}"


def warm_up(base, name, logs, *, seconds=300):
    """
    Request the home page until every worker has answered it quickly: a new worker
    imports and connects on its first request, which took 30 s on a busy machine.
    """
    import urllib.error

    from benchmark_operations import get

    deadline, fast = time.monotonic() + seconds, 0
    while fast < 6:
        if time.monotonic() > deadline:
            sys.exit(f"{name} at {base} did not answer within {seconds} s; logs in {logs}")
        try:
            status, _headers, _body, duration = get(base + "/")
        except (TimeoutError, urllib.error.URLError):
            continue
        if status != 200:
            sys.exit(f"{name} at {base} answers {status}; logs in {logs}")
        fast = fast + 1 if duration < 5000 else 0


def command_line(arguments):
    """The command as run, with the database's name (not its credentials)."""
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    options = [
        f"--{option.replace('_', '-')} {value}"
        for option, value in (
            ("rounds", arguments.rounds),
            ("requests", arguments.requests),
            ("wrk_seconds", arguments.wrk_seconds),
            ("wrk_connections", arguments.wrk_connections),
        )
        if value != DEFAULTS[option]
    ]
    return (
        f"DATABASE_URL=postgres://postgres@127.0.0.1:5432/{name} "
        ".venv/bin/python scripts/benchmark_compare.py" + "".join(f" {o}" for o in options)
    )


def measure(arguments, environment):
    import django
    from django.core.management import call_command

    import wagtail
    from wagtail.models import Page

    from benchmark_operations import empty_cache, free_port, start_gunicorn, stop

    from registry.models import CityPage, ProjectPage

    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    empty_cache(environment["CACHE_URL"])
    rows = our_rows()
    figures = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "pages": Page.objects.count(),
        "cities": CityPage.objects.count(),
        "projects": ProjectPage.objects.count(),
        "versions": {"django": django.__version__, "wagtail": wagtail.__version__},
        "rows": [row.__dict__ for row in rows],
        "arguments": {
            "command": command_line(arguments),
            "rounds": arguments.rounds,
            "requests": arguments.requests,
            "wrk_seconds": arguments.wrk_seconds,
            "wrk_connections": arguments.wrk_connections,
        },
    }
    bakery_paths = sorted({row.bakery_path for row in rows})
    directory = str(Path(arguments.bakerydemo_dir).resolve())
    figures["bakery_probe"] = probe_bakerydemo(directory, bakery_paths)
    commit = subprocess.run(
        ["git", "-C", directory, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    figures["bakery_commit"] = commit.stdout.strip() or None
    logs = tempfile.mkdtemp(prefix="benchmark-compare-")
    processes = []
    try:
        with open(Path(logs) / "ours.log", "w") as log:
            port = free_port()
            gunicorn, figures["gunicorn"] = start_gunicorn(
                environment=environment, port=port, log=log
            )
            processes.append(gunicorn)
            ours = f"http://127.0.0.1:{port}"
        if arguments.bakerydemo_url:
            bakery = arguments.bakerydemo_url.rstrip("/")
        else:
            with open(Path(logs) / "bakerydemo.log", "w") as log:
                process, bakery = start_bakerydemo(directory, log)
                processes.append(process)
        warm_up(ours, "our site", logs)
        warm_up(bakery, "bakerydemo", logs)
        bypass = {row.key: accepts_v(ours, row.path) for row in rows}
        bakery_bypass = {path: accepts_v(bakery, path) for path in bakery_paths}
        for row in rows:
            if bypass[row.key] is None:
                print(f"skipped: ours {row.path} does not answer 200")
        for path, accepted in bakery_bypass.items():
            if accepted is None:
                print(f"skipped: bakerydemo {path} does not answer 200")
        figures["bypass"], figures["bakery_bypass"] = bypass, bakery_bypass
        figures["queries"] = count_our_queries(rows, bypass)
        print(f"set-up: {time.perf_counter() - started:.0f} s", flush=True)
        samples, wrk_rounds, loads = run_rounds(
            arguments,
            ours=ours,
            bakery=bakery,
            rows=rows,
            bypass=bypass,
            bakery_bypass=bakery_bypass,
            logs=logs,
        )
    finally:
        for process in processes:
            stop(process)
    figures["results"] = {
        key: {side: pooled(side_samples) for side, side_samples in by_side.items()}
        for key, by_side in samples.items()
    }
    figures["wrk"] = wrk_rounds
    figures["loads"] = loads
    figures["logs"] = logs
    figures["minutes"] = (time.perf_counter() - started) / 60
    return figures


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def ratio(ours, bakery):
    if ours is None or bakery is None or not bakery:
        return None
    return ours / bakery


def number(value, digits=0, unit=""):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}".replace(",", " ")


def kilobytes(value):
    return "n/a" if not value else f"{value / 1024:,.0f} KB"


def verdict(value, target):
    if value is None or target is None:
        return ""
    return f"≤ {target:.1f} {'✓' if value <= target else '✗'}"


def result_rows(figures):
    rows = [Row(**row) for row in figures["rows"]]
    probe = (figures.get("bakery_probe") or {}).get("paths", {})
    lines = [
        "| page | ours: p50 / p95 uncached | queries | bytes | cached p50 "
        "| bakerydemo counterpart | p50 / p95 | queries | bytes "
        "| ratio p50 | each round | target |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    notes = []
    for row in rows:
        result = figures["results"].get(row.key, {})
        ours, bakery, cached = result.get("ours"), result.get("bakery"), result.get("cached")
        if not ours or not bakery:
            lines.append(f"| {row.label} | not measured (`{row.path}`) | | | | | | | | | | |")
            continue
        queries = figures["queries"].get(row.key, {})
        bakery_queries = probe.get(row.bakery_path, {}).get("queries")
        value = ratio(ours["p50"], bakery["p50"])
        each = " / ".join(
            number(ratio(ours_round, bakery_round), 2)
            for ours_round, bakery_round in zip(ours["round_p50"], bakery["round_p50"], strict=True)
        )
        cached_cell = (
            f"{number(cached['p50'], 1)} ms ({', '.join(cached['x_cache'])})" if cached else "n/a"
        )
        if "HIT" in ours["x_cache"]:
            notes.append(f"{row.label}: some uncached requests were served from the cache.")
        if ours["errors"] or bakery["errors"]:
            notes.append(
                f"{row.label}: {ours['errors']} failed requests of ours, "
                f"{bakery['errors']} of bakerydemo (left out)."
            )
        lines.append(
            f"| {row.label} | {number(ours['p50'])} / {number(ours['p95'])} ms "
            f"| {queries.get('uncached', 'n/a')} | {kilobytes(ours['bytes'])} | {cached_cell} "
            f"| {row.yardstick} `{row.bakery_path}` "
            f"| {number(bakery['p50'])} / {number(bakery['p95'])} ms "
            f"| {'n/a' if bakery_queries is None else bakery_queries} "
            f"| {kilobytes(bakery['bytes'])} | **{number(value, 2)}** | {each} "
            f"| {verdict(value, row.target)} |"
        )
    return lines, notes


def search_target(figures):
    results = figures["results"]
    every, common = results.get("search_every", {}), results.get("search", {})
    if not every.get("ours") or not common.get("ours"):
        return None
    value = every["ours"]["p50"] / common["ours"]["p50"]
    return (
        f"Worst-case search ÷ common search (ours, p50): {value:.2f} "
        f"({verdict(value, 2.0)} target 2)."
    )


def rate(value):
    """Requests per second: a decimal where a few requests make the difference."""
    if value is None:
        return "n/a"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def throughput_rows(figures):
    if not figures["wrk"]:
        return []
    labels = {row["key"]: row for row in figures["rows"]}
    lines = [
        "| page | ours cached (same URL) | ours uncached (new `v` each) "
        "| bakerydemo | cached ÷ bakerydemo | uncached ÷ bakerydemo |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key in ("home", "project"):
        runs = [round_figures[key] for round_figures in figures["wrk"] if key in round_figures]
        if not runs:
            continue

        def median(name, runs=runs):
            values = [run[name]["requests_per_second"] for run in runs if name in run]
            return statistics.median(values) if values else None

        def each(name, runs=runs):
            values = [run[name]["requests_per_second"] for run in runs if name in run]
            return " / ".join(rate(value) for value in values)

        cached, uncached, bakery = median("ours_cached"), median("ours_uncached"), median("bakery")
        row = labels[key]
        lines.append(
            f"| {row['label']} vs {row['yardstick']} "
            f"| {rate(cached)} req/s ({each('ours_cached')}) "
            f"| {rate(uncached)} req/s ({each('ours_uncached')}) "
            f"| {rate(bakery)} req/s ({each('bakery')}) "
            f"| {number(ratio(cached, bakery), 2)} | {number(ratio(uncached, bakery), 2)} |"
        )
    return lines


def report(figures):
    arguments = figures["arguments"]
    probe = figures.get("bakery_probe") or {}
    bakery_versions = probe.get("versions", {})
    loads = "; ".join(
        f"{label} {values[0]:.2f} / {values[1]:.2f} / {values[2]:.2f}"
        for label, values in figures["loads"]
    )
    lines, notes = result_rows(figures)
    target = search_target(figures)
    wrk = throughput_rows(figures)
    text = [
        "## Compared with wagtail/bakerydemo (issue #14)",
        "",
        f"Measured with `scripts/benchmark_compare.py` (not part of the test suite) on the "
        f"development machine (2 cores), {figures['when']}, {arguments['rounds']} interleaved "
        f"rounds of {arguments['requests']} requests per row and side (ours, then bakerydemo; "
        "even rounds the other way round), single requests over HTTP after two warm-up "
        "requests. Ours: "
        f"{figures['pages']:,} pages ({figures['cities']:,} cities, "
        f"{figures['projects']:,} projects), Django {figures['versions']['django']}, "
        f"Wagtail {figures['versions']['wagtail']}, `gunicorn {figures['gunicorn']}`, "
        "production settings, Redis as the cache. bakerydemo "
        f"(`{figures.get('bakery_commit') or '?'}`): "
        f"{probe.get('pages', 'n/a')} pages, Django {bakery_versions.get('django', '?')}, "
        f"Wagtail {bakery_versions.get('wagtail', '?')}, its production settings, gunicorn "
        "with 2 workers × 4 threads (`scripts/bakerydemo_setup.sh serve`), no page cache. "
        "Both on PostgreSQL. Load average (1 / 5 / 15 min): "
        f"{loads}. The run took {figures.get('minutes', 0):.0f} minutes. Command:",
        "",
        "```sh",
        "scripts/bakerydemo_setup.sh",
        arguments["command"],
        "```",
        "",
        "Uncached: every request with a new `v=<n>` parameter, which our page cache keys "
        "on (bakerydemo asked the same way; caches inside a page stay warm, as for a page "
        "the page cache has not kept); the API rows refuse unknown parameters and are "
        "requested as they are (neither site caches them). Cached: the same URL again "
        "(our `X-Cache` in brackets). Queries: one uncached request counted in-process with "
        "Django's test client (bakerydemo: `scripts/bakerydemo_probe.py` with its Python). "
        "Bytes: the body as sent, uncompressed. Ratio: p50 ours ÷ p50 bakerydemo over all "
        "rounds, then per round.",
        "",
        *lines,
        "",
    ]
    if target:
        text += [target, ""]
    if notes:
        text += [*(f"- {note}" for note in notes), ""]
    if wrk:
        text += [
            f"Throughput with `wrk` ({arguments['wrk_connections']} connections, "
            f"{arguments['wrk_seconds']} s per run, 2 threads, on the same machine), "
            "median of the rounds (each round in brackets):",
            "",
            *wrk,
            "",
        ]
    return "\n".join(text)


def main():
    arguments = parse_arguments()
    if arguments.wrk_seconds > 0 and not shutil.which("wrk"):
        sys.exit("wrk is not installed: `apt-get install -y wrk`, or --wrk-seconds 0.")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database of the built registry.")
    # A Redis database of its own: benchmark_operations empties database 7.
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/8")
    from benchmark_operations import server_environment

    environment = server_environment(
        static_root=Path(tempfile.gettempdir()) / "bench_compare-static"
    )
    # No recycling of our workers during the run: a wrk run on a cached page makes
    # thousands of requests, past gunicorn.conf.py's max_requests (2,000), and the
    # new worker's first requests (imports, connections: seconds on a busy machine)
    # then fell into the next measurement. bakerydemo's gunicorn does not recycle.
    environment["GUNICORN_MAX_REQUESTS"] = str(10**9)
    os.environ.update(environment)
    import logging

    import django

    django.setup()
    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    if arguments.build:
        from django.core.management import call_command
        from django.db import connections

        from benchmark_discovery import build_registry, recreate_database

        recreate_database(environment["DATABASE_URL"])
        connections.close_all()
        call_command("migrate", verbosity=0)
        print(build_registry(cities=arguments.cities, projects=arguments.projects))
    from registry.models import ProjectPage

    if not ProjectPage.objects.exists():
        sys.exit("No projects in the database: build them (--build) or copy a built database.")
    figures = measure(arguments, environment)
    section = report(figures)
    print(section)
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(figures, indent=2, default=str) + "\n")
    if not arguments.no_write:
        from benchmark_operations import write_section

        write_section(arguments.output, section, start=SECTION_START, end=SECTION_END)
        print(f"Wrote {arguments.output}")


if __name__ == "__main__":
    main()

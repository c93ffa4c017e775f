"""
Operations benchmark (not a test): the project page through gunicorn, cached and not.

On PostgreSQL with Redis as the cache, 20,000 projects, gunicorn with 2 workers and
`wrk` on the same machine, measured in one run:

- the cached anonymous project page's requests per second divided by a static file's
  (a CSS file that whitenoise serves), same run, same concurrency; target ≥ 0.5;
- the uncached project page: p50/p95 through gunicorn and the queries per request;
- 50 concurrent connections for 30 s on the cached project page: p50/p99 and errors;
  target p99 < 2 s;
- after a publish, whether the first request shows the change, and how long after;
- the fresh clone → `make run` figures that `scripts/benchmark_setup.py` wrote.

    .venv/bin/python scripts/benchmark_operations.py                 # builds, then measures
    .venv/bin/python scripts/benchmark_operations.py --measure-only  # reuses the built registry

The registry is built with `scripts/benchmark_discovery.py`'s builder in a database of
its own (DATABASE_URL, default h_bench_ops, dropped and created afresh; a few minutes);
`--measure-only` measures the one already built. Redis database 7 is the cache
(CACHE_URL) and is emptied before measuring. Both gunicorn and this process run with
the production settings, so the publish made here invalidates what gunicorn cached.

"Uncached" means a query string the page does not use (`?v=<n>`, new for every
request): a page cache keyed on the full URL misses, the page renders as for a reader
the cache has not seen. The page cache is recognised by its `X-Cache: HIT`/`MISS`
header; without that header the report says "no page cache".
"""

import argparse
import json
import logging
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SECTION_START = "<!-- operations -->"
SECTION_END = "<!-- /operations -->"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=200)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="do not rebuild: measure the registry already in the database",
    )
    parser.add_argument("--requests", type=int, default=30, help="uncached requests to time")
    parser.add_argument("--throughput-seconds", type=int, default=15)
    parser.add_argument("--throughput-connections", type=int, default=8)
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--load-connections", type=int, default=50)
    parser.add_argument("--setup-json", help="records written by scripts/benchmark_setup.py")
    parser.add_argument("--json", help="also write the figures as JSON to this file")
    parser.add_argument("--output", default=str(BASE_DIR / "docs" / "performance.md"))
    parser.add_argument("--no-write", action="store_true", help="print only, write no docs")
    return parser.parse_args()


def server_environment(*, static_root):
    """The environment of gunicorn and of this process: production settings, plain HTTP."""
    environment = dict(os.environ)
    environment.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h_bench_ops")
    environment.setdefault("CACHE_URL", "redis://127.0.0.1:6379/7")
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": environment.get("SECRET_KEY", "benchmark-only-not-a-secret"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(static_root),
        }
    )
    return environment


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    """(status, headers, body, milliseconds) of one GET."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read().decode("utf-8", "replace")
            status, headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, headers = error.read().decode("utf-8", "replace"), error.code, error.headers
    return status, headers, body, (time.perf_counter() - started) * 1000


def load_average():
    return round(os.getloadavg()[0], 2)


def milliseconds(text):
    """wrk's '1.23ms', '456.00us', '2.01s', '1.00m' in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def run_wrk(url, *, connections, seconds, script=None):
    """Requests/s, latency percentiles and errors of one wrk run (script: a wrk Lua file)."""
    # --timeout 30s: with wrk's default of 2 s, slower responses would count as
    # errors and drop out of the latency figures that the 2 s target is about.
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "30s",
            "--latency",
            *(["--script", str(script)] if script else []),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    percentiles = {
        int(share): milliseconds(value)
        for share, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE)
    }
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": percentiles.get(50),
        "p99": percentiles.get(99),
        "errors": (sum(int(value) for value in socket_errors.groups()) if socket_errors else 0)
        + (int(non_2xx.group(1)) if non_2xx else 0),
        "connections": connections,
        "seconds": seconds,
        "load": load_average(),
    }


def start_gunicorn(*, environment, port, log):
    """gunicorn with 2 workers, with the project's gunicorn.conf.py where there is one."""
    command = [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "config.wsgi"]
    if (BASE_DIR / "gunicorn.conf.py").exists():
        command += ["--config", "gunicorn.conf.py"]  # relative to cwd, the checkout
    command += ["--workers", "2", "--no-control-socket", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    wait_listening(process, port=port, log=log)
    return process, " ".join(command[1:-2])  # without the port, new each run


def wait_listening(process, *, port, log, seconds=60):
    """Return once a server process accepts connections on the port; exit if it ends."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server ended ({process.returncode}); see {log.name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit(f"server did not listen within {seconds} s; see {log.name}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def empty_cache(cache_url):
    """Empty the benchmark's Redis database, so no page from an earlier build is served."""
    import redis

    redis.Redis.from_url(cache_url).flushdb()


def pick_project():
    """The project in the middle of the registry, as benchmark_discovery measures it."""
    from registry.models import ProjectPage

    middle = ProjectPage.objects.count() // 2
    return ProjectPage.objects.live().order_by("pk")[middle : middle + 1].get()


def count_queries(path):
    """Queries of one uncached and one repeated request, in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for number in range(2):  # warm-up: Wagtail's site root and similar caches
        client.get(f"{path}?v=warm-{number}-{time.time_ns()}")
    # Counted as each block ends: captured_queries is read from the
    # connection's log, which the next request's request_started clears.
    with CaptureQueriesContext(connection) as uncached:
        response = client.get(f"{path}?v=queries-{time.time_ns()}")
    uncached_count = len(uncached.captured_queries)
    assert response.status_code == 200, response.status_code
    client.get(path)
    with CaptureQueriesContext(connection) as repeated:
        repeated_response = client.get(path)
    repeated_count = len(repeated.captured_queries)
    return {
        "uncached": uncached_count,
        "repeated": repeated_count,
        "repeated_x_cache": repeated_response.headers.get("X-Cache"),
    }


def time_uncached(url, *, requests):
    """p50/p95 of single requests through gunicorn, each with a new query string."""
    durations, seen = [], set()
    for number in range(requests + 2):
        status, headers, _body, duration = get(f"{url}?v={time.time_ns()}-{number}")
        assert status == 200, status
        seen.add(headers.get("X-Cache") or "none")
        if number >= 2:  # the first two warm the workers
            durations.append(duration)
    cuts = statistics.quantiles(durations, n=20, method="inclusive")
    return {
        "p50": statistics.median(durations),
        "p95": cuts[18],
        "requests": requests,
        "x_cache": sorted(seen),
        "load": load_average(),
    }


def describe_cache(headers):
    """What a cached response's headers say about the page cache and cookies."""
    return {
        "x_cache": headers.get("X-Cache"),
        "cache_control": headers.get("Cache-Control"),
        "sets_cookie": bool(headers.get_all("Set-Cookie")),
    }


def publish_and_request(*, project_pk, url):
    """
    Publish a new title in this process while gunicorn serves the page from its
    cache, then request the page once through gunicorn. Polls for up to 10 s if the
    first response is stale, to say how stale. Publishes the old title again after.
    """
    from registry.models import ProjectPage

    project = ProjectPage.objects.get(pk=project_pk)
    for _warm_up in range(2):
        _status, before_headers, _body, _ms = get(url)
    old_title = project.title
    new_title = f"{old_title} Nachtrag {time.time_ns() % 100_000}"
    project.title = new_title
    revision = project.save_revision()
    started = time.perf_counter()
    revision.publish()
    published = time.perf_counter()
    _status, _headers, body, first_ms = get(url)
    first_shows = new_title in body
    shown_after = (time.perf_counter() - published) * 1000 if first_shows else None
    while shown_after is None and time.perf_counter() - published < 10:
        time.sleep(0.2)
        _status, _headers, body, _ms = get(url)
        if new_title in body:
            shown_after = (time.perf_counter() - published) * 1000
    project = ProjectPage.objects.get(pk=project_pk)
    project.title = old_title
    project.save_revision().publish()
    return {
        "x_cache_before": before_headers.get("X-Cache"),
        "publish_ms": (published - started) * 1000,
        "first_request_ms": first_ms,
        "first_shows_change": first_shows,
        "shown_after_ms": shown_after,
        "load": load_average(),
    }


def setup_figures(path):
    """Fresh clone → `make run` records, grouped by label and pip configuration."""
    if not path:
        return None
    grouped = {}
    for record in json.loads(Path(path).read_text()):
        configuration = record.get("pip_configuration", "this machine's")
        key = f"{record['label']} (`{record['commit']}`), pip settings: {configuration}"
        grouped.setdefault(key, []).append(record)
    return grouped


def measure_through_gunicorn(*, base, path, static_path, project_pk, arguments):
    status, _headers, _body, _ms = get(base + static_path)
    assert status == 200, f"static file {static_path}: {status}"
    for _warm_up in range(3):
        status, headers, _body, _ms = get(base + path)
        assert status == 200, f"project page {path}: {status}"
    throughput = {
        "connections": arguments.throughput_connections,
        "seconds": arguments.throughput_seconds,
    }
    figures = {
        "cache": describe_cache(headers),
        "uncached": time_uncached(base + path, requests=arguments.requests),
        "static": run_wrk(base + static_path, **throughput),
        "page": run_wrk(base + path, **throughput),
        "under_load": run_wrk(
            base + path, connections=arguments.load_connections, seconds=arguments.load_seconds
        ),
        "publish": publish_and_request(project_pk=project_pk, url=base + path),
    }
    figures["ratio"] = (
        figures["page"]["requests_per_second"] / figures["static"]["requests_per_second"]
    )
    return figures


def measure(*, arguments, environment):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    from wagtail.models import Page

    from registry.models import CityPage, ProjectPage

    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    collectstatic_seconds = time.perf_counter() - started
    empty_cache(environment["CACHE_URL"])
    project = pick_project()
    path = project.url
    static_path = staticfiles_storage.url("css/site.css")
    queries = count_queries(path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w", prefix="gunicorn-", suffix=".log", delete=False) as log:
        gunicorn, gunicorn_command = start_gunicorn(environment=environment, port=port, log=log)
        try:
            served = measure_through_gunicorn(
                base=base,
                path=path,
                static_path=static_path,
                project_pk=project.pk,
                arguments=arguments,
            )
        finally:
            stop(gunicorn)
    return {
        "pages": Page.objects.count(),
        "cities": CityPage.objects.count(),
        "projects": ProjectPage.objects.count(),
        "project_path": path,
        "static_path": static_path,
        "gunicorn": gunicorn_command,
        "page_cache_seconds": environment.get("PAGE_CACHE_SECONDS"),
        "collectstatic_seconds": collectstatic_seconds,
        "queries": queries,
        **served,
        "setup": setup_figures(arguments.setup_json),
        "load": load_average(),
        "when": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def page_cache_label(figures):
    header = figures["cache"]["x_cache"]
    return f"`X-Cache: {header}`" if header else "none (no `X-Cache` header)"


def setup_rows(setup):
    if not setup:
        return ["| Frischer Klon → `make run` antwortet | not measured in this run | | |"]
    rows = []
    for key, records in setup.items():
        serving = [record["seconds"] for record in records]
        installed = [
            record["installed_seconds"] for record in records if record.get("installed_seconds")
        ]
        result = f"serving: median {statistics.median(serving):.0f} s ({seconds_list(serving)})"
        if installed:
            result += (
                f"; packages installed: median {statistics.median(installed):.0f} s "
                f"({seconds_list(installed)})"
            )
        loads = ", ".join(f"{record['load'][0]:.2f}" for record in records)
        rows.append(
            f"| Frischer Klon → `make run` antwortet, kalter Paket-Cache: {key} "
            f"| {result} | | {loads} |"
        )
    return rows


def seconds_list(values):
    return ", ".join(f"{value:.0f}" for value in values) + " s"


def report(figures):
    """The Markdown section for docs/performance.md."""
    yes_no = {True: "ja", False: "nein"}
    uncached, static, page = figures["uncached"], figures["static"], figures["page"]
    load, publish, queries = figures["under_load"], figures["publish"], figures["queries"]
    shown = (
        f"{publish['shown_after_ms']:.0f} ms after publishing"
        if publish["shown_after_ms"] is not None
        else "not within 10 s"
    )
    rows = [
        "| Messung | Ergebnis | Ziel | Last (1 min) |",
        "| --- | --- | --- | ---: |",
        f"| Statische Datei `{figures['static_path']}` (whitenoise), "
        f"{static['connections']} Verbindungen, {static['seconds']} s "
        f"| {static['requests_per_second']:.0f} req/s | | {static['load']:.2f} |",
        f"| Projektseite anonym, gleiche URL (Cache: {page_cache_label(figures)}), "
        f"{page['connections']} Verbindungen, {page['seconds']} s "
        f"| {page['requests_per_second']:.0f} req/s | | {page['load']:.2f} |",
        f"| Verhältnis Projektseite ÷ statische Datei | {figures['ratio']:.3f} | ≥ 0,5 | |",
        f"| Projektseite ungecacht (`?v=<neu>`), {uncached['requests']} Einzelanfragen "
        f"| p50 {uncached['p50']:.0f} ms, p95 {uncached['p95']:.0f} ms "
        f"(`X-Cache`: {', '.join(uncached['x_cache'])}) | | {uncached['load']:.2f} |",
        f"| Abfragen je Anfrage, ungecacht / wiederholt "
        f"| {queries['uncached']} / {queries['repeated']} | ≤ 12 ungecacht | |",
        f"| {load['connections']} gleichzeitige Verbindungen, {load['seconds']} s, Projektseite "
        f"| p50 {load['p50']:.0f} ms, p99 {load['p99']:.0f} ms, {load['requests']} Anfragen, "
        f"{load['errors']} Fehler | p99 < 2 s | {load['load']:.2f} |",
        f"| Nach Veröffentlichen: erste Anfrage zeigt die Änderung "
        f"| {yes_no[publish['first_shows_change']]} ({shown}; publish {publish['publish_ms']:.0f}"
        f" ms, `X-Cache` before: {publish['x_cache_before'] or 'none'}) | ja | "
        f"{publish['load']:.2f} |",
        *setup_rows(figures["setup"]),
    ]
    cache = figures["cache"]
    return "\n".join(
        [
            "## Betrieb: Cache und Server (issue #13)",
            "",
            "Measured with `scripts/benchmark_operations.py` (not part of the test suite) on "
            f"the development machine (2 cores), {figures['when']}: PostgreSQL with "
            f"{figures['pages']:,} pages ({figures['cities']:,} cities, "
            f"{figures['projects']:,} projects), Redis as the cache, "
            f"`gunicorn {figures['gunicorn']}` with the production settings, `wrk` on the same "
            "machine. Command:",
            "",
            "```sh",
            ".venv/bin/python scripts/benchmark_operations.py --measure-only "
            "--setup-json setup-timings.json",
            "```",
            "",
            *rows,
            "",
            f"The project page `{figures['project_path']}` as wrk saw it: page cache "
            f"{page_cache_label(figures)}, `Cache-Control: {cache['cache_control'] or '—'}`, "
            f"sets a cookie: {yes_no[cache['sets_cookie']]}. Load average (1 min) at the end: "
            f"{figures['load']:.2f}.",
            "",
        ]
    )


def write_section(path, section, *, start=SECTION_START, end=SECTION_END):
    """Replace a benchmark's section in the file, or append it; the rest stays."""
    target = Path(path)
    text = target.read_text() if target.exists() else ""
    block = f"{start}\n\n{section}\n{end}\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    target.write_text(text)


def main():
    arguments = parse_arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu).")
    static_root = Path(tempfile.gettempdir()) / "h_bench_ops-static"
    environment = server_environment(static_root=static_root)
    if not environment["DATABASE_URL"].startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database called h_bench_…")
    os.environ.update(environment)

    import django

    from benchmark_discovery import build_registry, recreate_database

    django.setup()
    # Wagtail's tasks run at once in this process and log each step at INFO.
    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    from django.core.management import call_command

    if not arguments.measure_only:
        recreate_database(environment["DATABASE_URL"], prefix="h_bench_")
        from django.db import connections

        connections.close_all()
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started
        timings = build_registry(cities=arguments.cities, projects=arguments.projects)
        timings["migrate"] = migrate_seconds
        print(f"Built the registry: {timings}")
    from registry.models import ProjectPage

    if not ProjectPage.objects.exists():
        sys.exit("No projects in the database: run once without --measure-only.")
    figures = measure(arguments=arguments, environment=environment)
    section = report(figures)
    print(section)
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(figures, indent=2, default=str) + "\n")
    if not arguments.no_write:
        write_section(arguments.output, section)
        print(f"Wrote {arguments.output}")


if __name__ == "__main__":
    main()

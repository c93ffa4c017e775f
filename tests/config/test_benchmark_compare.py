"""
scripts/benchmark_compare.py, the benchmark beside wagtail/bakerydemo: it finds our
pages by their addresses only, so it keeps working while the pages change, and it
writes its own section of docs/performance.md and nothing else.
"""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

import benchmark_compare  # noqa: E402
from benchmark_operations import write_section  # noqa: E402


@pytest.mark.django_db
def test_every_row_answers_uncached_on_the_demo_tree(client, site_tree):
    rows = {row.key: row for row in benchmark_compare.our_rows()}
    assert set(rows) == {
        "home",
        "project",
        "city",
        "api",
        "overview",
        "feed",
        "search",
        "search_every",
        "search_facets",
    }
    assert rows["feed"].path == "/feeds/projects/"
    assert "&topic=" in rows["search_facets"].path
    for row in rows.values():
        if row.key == "api":
            # The API refuses parameters it does not know: timed as it is.
            assert client.get(benchmark_compare.with_v(row.path, 1)).status_code == 400
            assert client.get(row.path).status_code == 200
        else:
            # The cache bypass: a parameter the page ignores.
            assert client.get(benchmark_compare.with_v(row.path, 1)).status_code == 200, row


def sample(p50, *, rounds=(1.0, 1.0)):
    return {
        "p50": p50,
        "p95": p50 * 1.2,
        "requests": 40,
        "errors": 0,
        "x_cache": ["MISS"],
        "bytes": 20_480,
        "round_p50": [p50 * factor for factor in rounds],
    }


def figures():
    rows = [
        benchmark_compare.Row("home", "home", "/", "home", "/", 1.0),
        benchmark_compare.Row("search", "search", "/search/?q=a", "search", "/search/?q=b"),
        benchmark_compare.Row(
            "search_every", "search, every page", "/search/?q=Stadt", "search", "/search/?q=b"
        ),
    ]
    return {
        "when": "2026-12-01 23:00 UTC",
        "pages": 40_905,
        "cities": 200,
        "projects": 20_000,
        "versions": {"django": "6.1", "wagtail": "8.0"},
        "gunicorn": "config.wsgi",
        "bakery_commit": "8e2b625",
        "bakery_probe": {
            "paths": {"/": {"queries": 43}, "/search/?q=b": {"queries": 41}},
            "versions": {"django": "6.0", "wagtail": "7.4"},
            "pages": 35,
        },
        "rows": [row.__dict__ for row in rows],
        "arguments": {
            "command": "benchmark",
            "rounds": 2,
            "requests": 20,
            "wrk_seconds": 10,
            "wrk_connections": 8,
        },
        "queries": {"home": {"uncached": 14}, "search": {"uncached": 14}},
        "results": {
            "home": {
                "ours": sample(300.0, rounds=(0.9, 1.1)),
                "bakery": sample(200.0),
                "cached": sample(5.0) | {"x_cache": ["HIT"]},
            },
            "search": {"ours": sample(100.0), "bakery": sample(250.0), "cached": None},
            "search_every": {"ours": sample(250.0), "bakery": sample(250.0), "cached": None},
        },
        "wrk": [
            {
                "home": {
                    "ours_cached": {"requests_per_second": 900.0},
                    "ours_uncached": {"requests_per_second": 6.0},
                    "bakery": {"requests_per_second": 12.0},
                }
            }
        ],
        "loads": [("start", (0.5, 0.4, 0.3)), ("after round 1", (1.5, 0.8, 0.4))],
    }


def test_report_gives_both_sides_their_ratio_and_the_target():
    section = benchmark_compare.report(figures())
    home = next(line for line in section.splitlines() if line.startswith("| home |"))
    cells = [cell.strip() for cell in home.strip("|").split("|")]
    assert cells[1] == "300 / 360 ms"  # ours p50 / p95
    assert cells[2] == "14"  # queries
    assert cells[6] == "200 / 240 ms"  # bakerydemo
    assert cells[7] == "43"
    assert cells[9] == "**1.50**"
    assert cells[10] == "1.35 / 1.65"  # each round's ratio
    assert cells[11] == "≤ 1.0 ✗"
    assert "Worst-case search ÷ common search (ours, p50): 2.50 (≤ 2.0 ✗" in section
    assert "start 0.50 / 0.40 / 0.30; after round 1 1.50 / 0.80 / 0.40" in section
    assert "| 900 req/s (900) | 6.0 req/s (6.0) | 12 req/s (12) | 75.00 | 0.50 |" in section


def test_report_says_when_a_row_could_not_be_measured():
    data = figures()
    data["results"]["search_every"] = {"ours": None, "bakery": sample(250.0), "cached": None}
    data["bakery_probe"] = None  # bakerydemo running elsewhere: its queries are unknown
    section = benchmark_compare.report(data)
    assert "| search, every page | not measured (`/search/?q=Stadt`) |" in section
    assert "Worst-case search" not in section
    home = next(line for line in section.splitlines() if line.startswith("| home |"))
    assert home.split("|")[8].strip() == "n/a"


def test_the_section_replaces_only_its_own_part_of_the_file(tmp_path):
    document = tmp_path / "performance.md"
    document.write_text(
        "# Performance\n\n<!-- notes -->\nnotes\n\n<!-- operations -->\nops\n<!-- /operations -->\n"
    )
    for text in ("first", "second"):
        write_section(
            document,
            text,
            start=benchmark_compare.SECTION_START,
            end=benchmark_compare.SECTION_END,
        )
    content = document.read_text()
    assert content.count("<!-- compare -->") == 1
    assert "second" in content and "first" not in content
    assert content.startswith("# Performance\n\n<!-- notes -->\nnotes\n")
    assert "<!-- operations -->\nops\n<!-- /operations -->" in content

"""
How well the search finds what a clerk looks for: the judged queries of
`tests/discovery/search_judgements.yaml` run through the search page, scored
with recall@10 and MRR.

Shared by the test (`tests/discovery/test_search_quality.py`) and the
measurement script (`scripts/search_quality.py`), so that the figures in
`docs/search-quality.md` and the test's verdict come from the same code.

A query is run the way a reader runs it: GET /search/?q=… with Django's test
client, the result links read from the HTML in the order shown. That measures
whatever the page ranks, whichever backend or query expansion sits behind it,
and it cannot drift from what readers see.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

JUDGEMENTS_FILE = Path(__file__).resolve().parent / "discovery" / "search_judgements.yaml"

# What makes a query hard, as the judged set names it (see the YAML's header).
KINDS = (
    "plain",
    "inflection",
    "compound_part",
    "compound_whole",
    "spelling",
    "typo",
    "prefix",
    "synonym",
    "multiword",
)
CUTOFF = 10
MAX_EXPECTED = 3
PAGE_PATH = re.compile(r"^/[-a-z0-9/]+/$")


class JudgementsError(ValueError):
    """The judged set is malformed; the message says which entry and why."""


@dataclass(frozen=True)
class Judgement:
    query: str
    kind: str
    expected: tuple[str, ...]
    note: str = ""


@dataclass
class QueryOutcome:
    """One judged query and the result paths the search page showed, best first."""

    judgement: Judgement
    found: list[str]

    @property
    def top(self) -> list[str]:
        return self.found[:CUTOFF]

    @property
    def missing(self) -> list[str]:
        return [path for path in self.judgement.expected if path not in self.top]

    @property
    def recall(self) -> float:
        """|expected ∩ top 10| / |expected|."""
        expected = self.judgement.expected
        return sum(path in self.top for path in expected) / len(expected)

    @property
    def reciprocal_rank(self) -> float:
        """1 / rank of the first expected page among the results shown, 0 if none is."""
        for rank, path in enumerate(self.found, start=1):
            if path in self.judgement.expected:
                return 1 / rank
        return 0.0


@dataclass
class Scores:
    queries: int
    recall: float
    mrr: float


@dataclass
class Evaluation:
    outcomes: list[QueryOutcome]
    by_kind: dict[str, Scores] = field(init=False)
    overall: Scores = field(init=False)

    def __post_init__(self):
        self.overall = scores_of(self.outcomes)
        grouped = defaultdict(list)
        for outcome in self.outcomes:
            grouped[outcome.judgement.kind].append(outcome)
        self.by_kind = {kind: scores_of(grouped[kind]) for kind in KINDS if grouped[kind]}

    @property
    def failing(self) -> list[QueryOutcome]:
        """Queries with an expected page outside the top 10."""
        return [outcome for outcome in self.outcomes if outcome.recall < 1]


def scores_of(outcomes: list[QueryOutcome]) -> Scores:
    count = len(outcomes)
    if not count:
        return Scores(0, 0.0, 0.0)
    return Scores(
        queries=count,
        recall=sum(outcome.recall for outcome in outcomes) / count,
        mrr=sum(outcome.reciprocal_rank for outcome in outcomes) / count,
    )


def judgements_read(path: Path = JUDGEMENTS_FILE) -> list[Judgement]:
    """
    The judged queries of `path`, checked: a misspelt key or kind, a path
    that is not a page path, or a repeated query would silently weaken the
    yardstick, so each is refused with the entry it is in.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("queries"), list):
        raise JudgementsError(f"{path}: expected a mapping with a list under 'queries'")
    judgements = []
    seen = set()
    for number, entry in enumerate(data["queries"]):
        where = f"{path}, queries[{number}]"
        if not isinstance(entry, dict):
            raise JudgementsError(f"{where}: expected a mapping")
        unknown = set(entry) - {"query", "kind", "expected", "note"}
        if unknown:
            raise JudgementsError(f"{where}: unknown keys {sorted(unknown)}")
        query = entry.get("query")
        if not isinstance(query, str) or not query.strip():
            raise JudgementsError(f"{where}: 'query' must be a non-empty string")
        if query.casefold() in seen:
            raise JudgementsError(f"{where}: query {query!r} appears twice")
        seen.add(query.casefold())
        if entry.get("kind") not in KINDS:
            raise JudgementsError(f"{where} ({query!r}): 'kind' must be one of {', '.join(KINDS)}")
        expected = entry.get("expected")
        if (
            not isinstance(expected, list)
            or not 1 <= len(expected) <= MAX_EXPECTED
            or len(set(expected)) != len(expected)
        ):
            raise JudgementsError(
                f"{where} ({query!r}): 'expected' must list 1 to {MAX_EXPECTED} distinct paths"
            )
        for page_path in expected:
            if not isinstance(page_path, str) or not PAGE_PATH.match(page_path):
                raise JudgementsError(f"{where} ({query!r}): {page_path!r} is not a page path")
        judgements.append(
            Judgement(
                query=query,
                kind=entry["kind"],
                expected=tuple(expected),
                note=str(entry.get("note") or "").strip(),
            )
        )
    return judgements


class ResultLinks(HTMLParser):
    """The link of each search result (`li.search-result` → its `h3` link), in order."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.in_result = False
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li" and "search-result" in classes:
            self.in_result = True
        elif tag == "h3" and self.in_result:
            self.in_title = True
        elif tag == "a" and self.in_title:
            self.links.append(dict(attrs).get("href") or "")
            self.in_result = self.in_title = False


def result_paths(html: str) -> list[str]:
    """The URL paths of the results on a rendered search page, best first."""
    parser = ResultLinks()
    parser.feed(html)
    return [urlsplit(link).path for link in parser.links]


def search_result_paths(*, client, query: str) -> list[str]:
    """What a reader sees on the first page of results for `query`."""
    response = client.get("/search/", {"q": query})
    if response.status_code != 200:
        raise AssertionError(f"/search/?q={query} answered {response.status_code}")
    return result_paths(response.content.decode())


def evaluate(*, client, judgements: list[Judgement]) -> Evaluation:
    """Run every judged query through the search page and score the results."""
    return Evaluation(
        [
            QueryOutcome(judgement, search_result_paths(client=client, query=judgement.query))
            for judgement in judgements
        ]
    )


def failing_lines(evaluation: Evaluation) -> list[str]:
    """One line per failing query: what was missing, what the top 10 held instead."""
    lines = []
    for outcome in evaluation.failing:
        found = ", ".join(outcome.top) or "nothing"
        lines.append(
            f"{outcome.judgement.query!r} [{outcome.judgement.kind}]: "
            f"missing {', '.join(outcome.missing)}; top {CUTOFF}: {found}"
        )
    return lines


def report_text(evaluation: Evaluation, *, database: str) -> str:
    overall = evaluation.overall
    lines = [
        f"{overall.queries} judged queries on {database}",
        f"recall@{CUTOFF} {overall.recall:.3f}   MRR {overall.mrr:.3f}",
        "",
        f"{'kind':16} {'queries':>7} {'recall@10':>10} {'MRR':>6}",
    ]
    for kind, scores in evaluation.by_kind.items():
        lines.append(f"{kind:16} {scores.queries:7d} {scores.recall:10.3f} {scores.mrr:6.3f}")
    lines += [
        "",
        f"{len(evaluation.failing)} failing queries (an expected page not in the top {CUTOFF}):",
    ]
    lines += [f"  {line}" for line in failing_lines(evaluation)]
    return "\n".join(lines)


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def report_markdown(evaluation: Evaluation, *, database: str) -> str:
    """The figures as Markdown for docs/search-quality.md (German, like the doc)."""
    overall = evaluation.overall
    lines = [
        f"**{database}**: {overall.queries} Anfragen, "
        f"recall@{CUTOFF} **{overall.recall:.3f}**, MRR **{overall.mrr:.3f}**",
        "",
        "| Art | Anfragen | recall@10 | MRR |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, scores in evaluation.by_kind.items():
        lines.append(f"| {kind} | {scores.queries} | {scores.recall:.3f} | {scores.mrr:.3f} |")
    lines.append(f"| **alle** | {overall.queries} | {overall.recall:.3f} | {overall.mrr:.3f} |")
    lines += [
        "",
        f"Nicht gefunden ({len(evaluation.failing)} Anfragen mit einer erwarteten Seite "
        f"außerhalb der ersten {CUTOFF}):",
        "",
        "| Anfrage | Art | fehlt | recall@10 | erste Treffer |",
        "| --- | --- | --- | ---: | --- |",
    ]
    for outcome in evaluation.failing:
        found = ", ".join(f"`{path}`" for path in outcome.top[:3]) or "keine"
        if len(outcome.top) > 3:
            found += f" (+{len(outcome.top) - 3})"
        lines.append(
            f"| {markdown_cell(outcome.judgement.query)} | {outcome.judgement.kind} | "
            + ", ".join(f"`{path}`" for path in outcome.missing)
            + f" | {outcome.recall:.2f} | {found} |"
        )
    return "\n".join(lines)


def evaluation_as_json(evaluation: Evaluation, *, database: str) -> str:
    return json.dumps(
        {
            "database": database,
            "recall_at_10": evaluation.overall.recall,
            "mrr": evaluation.overall.mrr,
            "queries": [
                {
                    "query": outcome.judgement.query,
                    "kind": outcome.judgement.kind,
                    "expected": list(outcome.judgement.expected),
                    "found": outcome.found,
                    "recall_at_10": outcome.recall,
                    "reciprocal_rank": outcome.reciprocal_rank,
                }
                for outcome in evaluation.outcomes
            ],
        },
        ensure_ascii=False,
        indent=1,
    )


def compare_dumps(first: dict, second: dict) -> list[str]:
    """
    How two dumps (`--json`) differ, one line per query whose top 10 differs:
    the pages only one database showed, or "same pages, other order", and the
    scores when they differ. An empty list: both showed the same top 10s.
    """
    lines = []
    second_by_query = {entry["query"]: entry for entry in second["queries"]}
    for entry in first["queries"]:
        other = second_by_query.pop(entry["query"], None)
        if other is None:
            lines.append(f"{entry['query']!r}: only in {first['database']}")
            continue
        top, other_top = entry["found"][:CUTOFF], other["found"][:CUTOFF]
        if top == other_top:
            continue
        only_first = [path for path in top if path not in other_top]
        only_second = [path for path in other_top if path not in top]
        if only_first or only_second:
            change = (
                f"only {first['database']}: {', '.join(only_first) or '-'}; "
                f"only {second['database']}: {', '.join(only_second) or '-'}"
            )
        else:
            change = "same pages, other order"
        scores = ""
        if (entry["recall_at_10"], entry["reciprocal_rank"]) != (
            other["recall_at_10"],
            other["reciprocal_rank"],
        ):
            scores = (
                f" (recall@10 {entry['recall_at_10']:.2f} / {other['recall_at_10']:.2f}, "
                f"RR {entry['reciprocal_rank']:.2f} / {other['reciprocal_rank']:.2f})"
            )
        lines.append(f"{entry['query']!r}: {change}{scores}")
    lines += [f"{query!r}: only in {second['database']}" for query in second_by_query]
    return lines


def failing_side_by_side_markdown(first: dict, second: dict) -> str:
    """
    Every query that misses an expected page on either of two dumps, with
    recall@10 and the missing pages on each: the failing queries of two
    databases in one Markdown table.
    """

    def missing(entry: dict | None) -> str:
        if entry is None:
            return "–"
        top = entry["found"][:CUTOFF]
        absent = [path for path in entry["expected"] if path not in top]
        return ", ".join(f"`{path}`" for path in absent) or "–"

    def recall(entry: dict | None) -> str:
        return "–" if entry is None else f"{entry['recall_at_10']:.2f}"

    first_name, second_name = first["database"], second["database"]
    lines = [
        f"| Anfrage | Art | recall@10 {first_name} | recall@10 {second_name} "
        f"| fehlt ({first_name}) | fehlt ({second_name}) |",
        "| --- | --- | ---: | ---: | --- | --- |",
    ]
    second_by_query = {entry["query"]: entry for entry in second["queries"]}
    for entry in first["queries"]:
        other = second_by_query.get(entry["query"])
        if entry["recall_at_10"] == 1 and (other is None or other["recall_at_10"] == 1):
            continue
        lines.append(
            f"| {markdown_cell(entry['query'])} | {entry['kind']} | {recall(entry)} "
            f"| {recall(other)} | {missing(entry)} | {missing(other)} |"
        )
    return "\n".join(lines)

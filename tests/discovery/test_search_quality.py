"""
Search quality on the judged queries of search_judgements.yaml: what a clerk
types (inflected, compounded, misspelt, half typed, a synonym) must bring the
pages a clerk wants into the first ten results.

The demo content is loaded once for the module and every judged query is run
once through the search page, as a reader runs it; the scoring is shared with
scripts/search_quality.py (tests/search_evaluation.py), whose figures are in
docs/search-quality.md.
"""

from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command
from django.test import Client

import pytest

from discovery.search.query import searchable_pages
from search_evaluation import KINDS, evaluate, failing_lines, judgements_read

MIN_QUERIES = 60
MIN_QUERIES_PER_KIND = 3
MIN_RECALL_AT_10 = 0.95
MIN_MRR = 0.8


@pytest.fixture(scope="module")
def judged(django_db_setup, built_once_per_module):
    def build():
        call_command("load_demo_content", stdout=StringIO())
        judgements = judgements_read()
        return SimpleNamespace(
            judgements=judgements, evaluation=evaluate(client=Client(), judgements=judgements)
        )

    with built_once_per_module(build) as data:
        yield data


def scores_and_failures(evaluation) -> str:
    kinds = ", ".join(
        f"{kind} {scores.recall:.2f}/{scores.mrr:.2f}"
        for kind, scores in evaluation.by_kind.items()
    )
    return (
        f"recall@10 {evaluation.overall.recall:.3f}, MRR {evaluation.overall.mrr:.3f} "
        f"(per kind recall/MRR: {kinds}); "
        f"{len(evaluation.failing)} queries miss an expected page:\n"
        + "\n".join(failing_lines(evaluation))
    )


def test_the_judged_set_covers_every_kind_of_query():
    judgements = judgements_read()
    assert len(judgements) >= MIN_QUERIES
    per_kind = {kind: sum(j.kind == kind for j in judgements) for kind in KINDS}
    assert min(per_kind.values()) >= MIN_QUERIES_PER_KIND, per_kind


@pytest.mark.django_db
def test_every_expected_page_is_a_published_page_the_search_covers(judged):
    """A renamed or removed demo page would otherwise count as a search failure."""
    searchable = {page.url for page in searchable_pages()}
    unknown = sorted(
        {path for judgement in judged.judgements for path in judgement.expected} - searchable
    )
    assert not unknown


@pytest.mark.django_db
def test_recall_at_10_on_the_judged_queries(judged):
    evaluation = judged.evaluation
    recall = evaluation.overall.recall
    assert recall >= MIN_RECALL_AT_10, scores_and_failures(evaluation)


@pytest.mark.django_db
def test_mean_reciprocal_rank_on_the_judged_queries(judged):
    evaluation = judged.evaluation
    mrr = evaluation.overall.mrr
    assert mrr >= MIN_MRR, scores_and_failures(evaluation)

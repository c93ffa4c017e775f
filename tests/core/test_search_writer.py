"""
`update_index` on PostgreSQL outside a transaction: the analysis in the
command's thread, the writing in a thread of its own (core.search.writer).
The index it commits is the one the same command writes one step after the
other (inside a transaction, as on SQLite), and readers find pages by it.
"""

from django.core.management import call_command
from django.db import connection, transaction

import pytest

from core.search.backend import ranked_search
from core.search.terms import SearchTerm
from discovery.search.query import searchable_pages

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the writer thread runs on PostgreSQL only"
    ),
    pytest.mark.site_tree_per_test,
    pytest.mark.usefixtures("migrated_rows_kept"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def stored_terms() -> set[tuple]:
    return set(
        SearchTerm.objects.values_list(
            "document__content_type_id", "document__object_id", "term", "weight"
        )
    )


def test_the_index_written_beside_the_analysis_is_the_index_written_after_it(site_tree):
    assert not connection.in_atomic_block
    call_command("update_index", verbosity=0)  # beside the analysis
    beside = stored_terms()
    found = {pk for pk, _score in ranked_search(query="Parkplatz", queryset=searchable_pages())}
    assert found == {site_tree.project.pk}

    with transaction.atomic():
        call_command("update_index", verbosity=0)  # one step after the other
    assert stored_terms() == beside
    assert len(beside) > 100

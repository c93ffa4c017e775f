"""
The German search on OpenSearch, for installations too large for the
database backend: settings name it as `core.search.opensearch`
(`SEARCH_BACKEND`), with the nodes in `SEARCH_URL`.

Wagtail's OpenSearch 2 backend with two changes (`core.search.opensearch_json`):
every document also carries the terms of the German analysis, and a search
asks for those terms as the database backend does, with its weights. Indexing,
filters, ordering, counting and atomic rebuilds are the parent's; the search
page asks for ranked keys only (`core.search.ranked`). It needs the
OpenSearch client for Python, `opensearch-py` 2.x; its constructor connects
nowhere, the first request does. After switching, `manage.py update_index`
builds the index. See
https://docs.wagtail.org/en/stable/topics/search/backends.html
"""

from modelsearch.backends.opensearch2 import OpenSearch2SearchBackend

from .opensearch_json import (
    GermanOpenSearchAutocompleteQueryCompiler,
    GermanOpenSearchMapping,
    GermanOpenSearchQueryCompiler,
)
from .ranked import ElasticsearchRankedIds


class GermanOpenSearch2Backend(ElasticsearchRankedIds, OpenSearch2SearchBackend):
    mapping_class = GermanOpenSearchMapping
    query_compiler_class = GermanOpenSearchQueryCompiler
    autocomplete_query_compiler_class = GermanOpenSearchAutocompleteQueryCompiler


SearchBackend = GermanOpenSearch2Backend

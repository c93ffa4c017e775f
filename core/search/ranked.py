"""
The ranking contract of a search page: the keys of the matching objects, best
first, and nothing loaded. A page that counts facets over all matches and
shows one page of twenty needs the ranked keys of every match, but the objects
of the current page only.

Wagtail's search API returns objects: every backend loads each hit from the
database, in batches of 100 on Elasticsearch and OpenSearch. So our backends
add one method, `ranked_ids(query, queryset, *, limit)`: the German database
backend reads the keys from its ranking statement (core.search.backend), the
OpenSearch backend from one request that asks for the `pk` field only
(core.search.opensearch). Any other backend falls back to Wagtail's API with
a queryset that loads the key column only.
"""

from modelsearch.backends.base import BaseSearchBackend


class ElasticsearchRankedIds:
    """
    `ranked_ids` for the Elasticsearch family of backends (OpenSearch 2 and
    3, Elasticsearch 7 to 9): one search request for the first `limit` hits,
    with the query the backend's own compiler builds and only the stored
    field `pk` in the answer, in the order the engine ranked them. It uses two
    helpers of Wagtail's results class (`_get_es_body`, `_backend_do_search`)
    that are the same on all of them, so the query sent is the one a plain
    `search()` would send.
    """

    def ranked_ids(self, query, queryset, *, limit: int) -> list:
        results = self.search(query, queryset)
        response = results._backend_do_search(
            results._get_es_body(),
            index=self.get_index_for_model(queryset.model).name,
            _source=False,
            from_=0,
            size=limit,
            **{results.fields_param_name: "pk"},
        )
        to_key = queryset.model._meta.pk.to_python
        return [to_key(hit["fields"]["pk"][0]) for hit in response["hits"]["hits"]]


def ranked_ids(*, backend: BaseSearchBackend, query: str, queryset, limit: int | None) -> list:
    """
    The keys of the objects in `queryset` matching `query`, in the backend's
    order, at most `limit` of them.
    """
    own = getattr(backend, "ranked_ids", None)
    if own is not None:
        return own(query, queryset, limit=limit)
    results = backend.search(query, queryset.only("pk"))
    return [obj.pk for obj in (results if limit is None else results[:limit])]

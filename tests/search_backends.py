"""
Search backends of the tests' own for the ranking contract of the search page
(core.search.ranked): they answer in an order known in advance, which is
neither the page tree's nor the titles', so a page that lists their hits in
that order keeps the backend's ranking. No OpenSearch server runs here; the
OpenSearch backend below is ours with its client replaced by one that answers
with scripted hits and records what it was asked.
"""

from modelsearch.backends.base import BaseSearchResults

from core.search.backend import GermanSearchBackend
from core.search.opensearch import GermanOpenSearch2Backend


class KnownOrderResults(BaseSearchResults):
    """The pages whose title holds the query, by title descending; records what it loads."""

    loaded: list = []

    def known_order(self) -> list[int]:
        compiler = self.query_compiler
        word = str(compiler.query.query_string)
        matching = compiler.queryset.filter(title__icontains=word).order_by("-title")
        return list(matching.values_list("pk", flat=True))

    def _do_search(self):
        keys = self.known_order()[self.start : self.stop]
        objects = self.query_compiler.queryset.in_bulk(keys)
        found = [objects[key] for key in keys if key in objects]
        KnownOrderResults.loaded.extend(found)
        return found

    def _do_count(self):
        return len(self.known_order()[self.start : self.stop])


class KnownOrderBackend(GermanSearchBackend):
    """A backend that offers only Wagtail's search API (results as objects), no `ranked_ids`."""

    results_class = KnownOrderResults
    ranked_ids = None


class ScriptedClient:
    """Answers every search with the scripted hits, as OpenSearch does with stored_fields=pk."""

    def __init__(self, hits):
        self.hits = hits
        self.requests = []

    def search(self, **request):
        self.requests.append(request)
        return {
            "hits": {"hits": [{"_score": 1.0, "fields": {"pk": [str(pk)]}} for pk in self.hits]}
        }


class ScriptedOpenSearchBackend(GermanOpenSearch2Backend):
    """core.search.opensearch with the client answering `ScriptedOpenSearchBackend.client`."""

    client = ScriptedClient(hits=[])

    def __init__(self, params):
        super().__init__(params)
        self.es = ScriptedOpenSearchBackend.client

"""
The index's vocabulary in memory: every term it has seen, sorted, for the
words a prefix stands for and the nearest spelling of an unknown word.

Each process keeps one copy and asks the database on every search whether it
is current (one indexed query: the lowest and highest row id). Rows are only
ever added, so a newer highest id means "read the rows above it"; a different
lowest id means the index was rebuilt and the copy is read afresh.
"""

import bisect
import threading

from django.db.models import Max, Min

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .terms import SearchVocabulary


class Vocabulary:
    def __init__(self, terms=()):
        self.sorted_terms: list[str] = sorted(set(terms))
        self.term_set: frozenset[str] = frozenset(self.sorted_terms)

    def extended(self, terms) -> "Vocabulary":
        return Vocabulary([*self.sorted_terms, *terms])

    def knows(self, term: str) -> bool:
        return term in self.term_set

    def starting_with(self, prefix: str, *, limit: int) -> list[str]:
        """Up to `limit` terms that begin with `prefix` and are longer, shortest first."""
        start = bisect.bisect_right(self.sorted_terms, prefix)
        found = []
        for term in self.sorted_terms[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
        return sorted(found, key=lambda term: (len(term), term))[:limit]

    def nearest(self, term: str, *, limit: int) -> list[str]:
        """
        The known terms nearest to `term`, closest first, then alphabetical.
        An edit is a letter missing, added, changed, or two letters swapped
        ("Bauantarg"). A stem of five letters may be one edit away, of up to
        eleven two, a longer one three: the typo in a long compound also
        keeps the stemmer from taking off its ending ("Straßenbeleuchtnug").
        """
        if len(term) < 5:
            return []
        distance = 1 if len(term) == 5 else 2 if len(term) < 12 else 3
        return nearest_spellings(term, self.sorted_terms, max_distance=distance, limit=limit)


def nearest_spellings(word: str, known, *, max_distance: int, limit: int) -> list[str]:
    """
    The entries of `known` at most `max_distance` edits from `word` (OSA: a
    letter missing, added or changed, or two letters swapped), closest first,
    then alphabetical. The search's respelling and "Meinten Sie" both count
    edits this way.
    """
    matches = process.extract(
        word, known, scorer=OSA.distance, score_cutoff=max_distance, limit=None
    )
    ranked = sorted((distance, found) for found, distance, _index in matches)
    return [found for _distance, found in ranked[:limit]]


_lock = threading.Lock()
_cached: dict[str, object] = {"bounds": None, "vocabulary": Vocabulary()}


def current_vocabulary() -> Vocabulary:
    """The vocabulary as the database holds it now (one query when nothing changed)."""
    bounds = SearchVocabulary.objects.aggregate(low=Min("pk"), high=Max("pk"))
    bounds = (bounds["low"], bounds["high"])
    with _lock:
        known_bounds, vocabulary = _cached["bounds"], _cached["vocabulary"]
        if known_bounds == bounds:
            return vocabulary
    if known_bounds is not None and known_bounds[0] == bounds[0] and bounds[1] is not None:
        added = SearchVocabulary.objects.filter(pk__gt=known_bounds[1], pk__lte=bounds[1])
        vocabulary = vocabulary.extended(added.values_list("term", flat=True))
    elif bounds[1] is None:
        vocabulary = Vocabulary()
    else:
        rows = SearchVocabulary.objects.filter(pk__lte=bounds[1])
        vocabulary = Vocabulary(rows.values_list("term", flat=True))
    with _lock:
        _cached["bounds"], _cached["vocabulary"] = bounds, vocabulary
    return vocabulary


def forget_vocabulary() -> None:
    """Drop this process's copy; the next search reads the vocabulary afresh."""
    with _lock:
        _cached["bounds"], _cached["vocabulary"] = None, Vocabulary()

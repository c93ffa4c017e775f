"""
How well and how fast the search splits German compounds (not a test).

Accuracy: the share of the labelled words in tests/core/compound_splits.yaml
whose split the splitter gets right (the stems of the smallest parts, in order),
with every miss. Speed: words per second through `compound_parts` on the text of
the demo content (every string in demo/content/), in CPU time so that other
processes on the machine count less: with empty caches (every distinct word
split afresh, as when new pages are indexed), over the distinct words alone
(the rate for words never seen before), and with warm caches (as when pages
are indexed again); and the size of the word list and the time to load it.
The figures go into docs/search-quality.md, section "Zerlegung von Komposita".

    .venv/bin/python scripts/compound_split_quality.py

No database and no Django settings are needed.
"""

import re
import statistics
import sys
import time
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from core.search import analysis  # noqa: E402

LABELLED = BASE_DIR / "tests" / "core" / "compound_splits.yaml"
DEMO_CONTENT = BASE_DIR / "demo" / "content"
TAG = re.compile(r"<[^>]+>")


def labelled_splits() -> dict[str, list[str]]:
    """The labelled list: word → its smallest parts ([] for a word not split)."""
    return {
        str(word): [str(part) for part in parts]
        for word, parts in yaml.safe_load(LABELLED.read_text(encoding="utf-8")).items()
    }


def split_is_right(word: str, parts: list[str]) -> bool:
    """Whether the splitter's smallest parts of `word` have the stems of `parts`."""
    expected = [analysis.stem(part) for part in parts or [word]]
    return [analysis.stem(leaf) for leaf in analysis.compound_tree(word).leaves()] == expected


def texts(value) -> list[str]:
    """Every string in a YAML document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in texts(item)]
    return []


def demo_words() -> list[str]:
    """The words of every string in the demo content files, HTML tags removed."""
    found: list[str] = []
    for path in sorted(DEMO_CONTENT.rglob("*.yaml")):
        for text in texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.extend(analysis.words(TAG.sub(" ", text)))
    return found


def clear_caches() -> None:
    analysis.compound_parts.cache_clear()
    analysis.stem.cache_clear()
    analysis._best_cut.cache_clear()


def words_per_second(words: list[str], *, cold: bool, rounds: int = 5) -> float:
    """Median rate of `compound_parts` over `words`, with caches emptied first if `cold`."""
    rates = []
    for _ in range(rounds):
        if cold:
            clear_caches()
        started = time.process_time()
        for word in words:
            analysis.compound_parts(word)
        rates.append(len(words) / (time.process_time() - started))
    return statistics.median(rates)


def main() -> None:
    started = time.process_time()
    analysis._lexicon()
    load_seconds = time.process_time() - started

    labelled = labelled_splits()
    misses = [word for word, parts in labelled.items() if not split_is_right(word, parts)]
    compounds = sum(1 for parts in labelled.values() if parts)
    right = len(labelled) - len(misses)
    print(
        f"Labelled words: {len(labelled)} ({compounds} compounds, "
        f"{len(labelled) - compounds} not split)"
    )
    print(f"Accuracy: {right}/{len(labelled)} = {right / len(labelled):.3f}")
    for word in misses:
        leaves = " + ".join(analysis.compound_tree(word).leaves())
        expected = " + ".join(labelled[word]) or "(not split)"
        print(f"  miss: {word}: {leaves}, expected {expected}")

    lexicon = analysis._lexicon()
    megabytes = (sys.getsizeof(lexicon) + sum(map(sys.getsizeof, lexicon))) / 1e6
    print(
        f"Word list: {len(lexicon):,} words, {megabytes:.0f} MB, "
        f"loaded in {load_seconds:.2f} s CPU time"
    )
    words = demo_words()
    distinct = list(dict.fromkeys(words))
    print(f"Demo content: {len(words):,} words, {len(distinct):,} distinct")
    print("Speed of compound_parts (CPU time, median of 5 runs):")
    print(f"  every word, empty caches: {words_per_second(words, cold=True):,.0f} words/s")
    print(
        f"  distinct words only, empty caches: {words_per_second(distinct, cold=True):,.0f} words/s"
    )
    print(f"  every word, warm caches: {words_per_second(words, cold=False):,.0f} words/s")


if __name__ == "__main__":
    main()

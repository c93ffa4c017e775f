"""
The one German analysis of text, at index time and at query time alike:
words → normalised stems (case, ß/ss, ä/ae, hyphens; Snowball German) and the
stems of a compound's parts.

Every search path (the search page, the read API, the admin) goes through
these functions, so a word is understood the same way wherever it is typed and
whichever database stores the index.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

# A word: letters and digits, hyphenated pieces kept together ("E-Mobilität").
WORD_PATTERN = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")
HYPHENS = re.compile(r"[-‐‑]")

_stemmer = Stemmer.Stemmer("german")


@dataclass(frozen=True)
class AnalysedWord:
    """One word of a text: as written, its stem, and the stems of its compound parts."""

    surface: str
    stem: str
    parts: tuple[str, ...] = ()


def words(text: str) -> list[str]:
    """The words of `text` as a reader sees them, hyphenated words kept whole."""
    return WORD_PATTERN.findall(unicodedata.normalize("NFKC", text))


def normalise(word: str) -> str:
    """Case folded (ß → ss), hyphens removed: the spelling-independent form of a word."""
    return HYPHENS.sub("", unicodedata.normalize("NFKC", word).casefold())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball German stem of one word (umlauts and ae/oe/ue spellings fold together)."""
    return _stemmer.stemWord(normalise(word))


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """
    The stems of the parts of a compound: every node of its split below the
    whole word, e.g. "Parkraumsensoren" → ("parkraum", "sensor", "park", "raum").
    Empty for a word that is not a compound.
    """
    return ()


def analyse(text: str) -> list[AnalysedWord]:
    """Every word of `text`, analysed, in order."""
    return [
        AnalysedWord(surface=word, stem=stem(word), parts=compound_parts(word))
        for word in words(text)
    ]


# "ae", "oe", "ue" as typed for ä, ö, ü, but not the "ue" of "qu" ("Quelle").
UMLAUT_SPELLINGS = re.compile(r"ae|oe|(?<!q)ue")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """
    The normalised word with accents and umlauts dropped and ae/oe/ue read as
    a/o/u, unstemmed: the form in which a typed word start is compared, so that
    "bur", "bür" and "buer" all begin "Bürgerbeteiligung" ("burgerbeteiligung").
    Snowball's `stem` folds umlauts the same way but cuts endings, which a
    word start typed half-way must keep.
    """
    decomposed = unicodedata.normalize("NFKD", normalise(word))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return UMLAUT_SPELLINGS.sub(lambda spelling: spelling.group()[0], bare)

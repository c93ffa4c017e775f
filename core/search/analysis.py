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
SURROGATES = re.compile(r"[\ud800-\udfff]")

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
    normalised = normalise(word)
    try:
        return _stemmer.stemWord(normalised)
    except UnicodeEncodeError:
        # A lone surrogate, what undecodable bytes become, is no letter of any word.
        return _stemmer.stemWord(SURROGATES.sub("", normalised))


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

"""
The one German analysis of text, at index time and at query time alike:
words → normalised stems (case, ß/ss, ä/ae, hyphens; Snowball German) and the
stems of a compound's parts.

Every search path (the search page, the read API, the admin) goes through
these functions, so a word is understood the same way wherever it is typed and
whichever database stores the index.

Compounds are split by word frequency (Koehn and Knight, "Empirical Methods for
Compound Splitting", EACL 2003): a word is cut into two known German words,
with a linking element (Fuge) between them if German puts one there, when the
parts are on average clearly more frequent than the whole; each part is split
again the same way. Function words, verb particles and suffixes are never
parts (german_words.yaml). The frequencies are wordfreq's large German list
(code Apache-2.0, data CC BY-SA 4.0). Written here rather than taken from a
package: CharSplit (compound-split, split-words) cuts off one head by the
character n-gram statistics of its own model, and compound-word-splitter and
cwsplit need an enchant spelling dictionary installed and split where the
dictionary knows a word, with no notion of frequency. The frequency list is
already a dependency, and the whole split tree is what the search indexes. How
well this works on municipal vocabulary, and how fast, is measured in
docs/search-quality.md.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer
import yaml
from wordfreq import available_languages, read_cBpack

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


# --- Compound splitting ----------------------------------------------------------------

# Longer words are not split: no reader searches for a part of a 60-letter token,
# and the search for a split grows faster than a word's length.
MAX_SPLIT_LENGTH = 60
# A part has at least three letters ("Rat", "Amt", "Weg", "Bau" carry meaning).
MIN_PART_LENGTH = 3
# The linking elements (Fugen) that may stand between two parts: Beteiligung-s-plattform,
# Straße-n-beleuchtung, Kind-er-garten, Herz-ens-wunsch. "" first: no element at all.
LINKING_ELEMENTS = ("", "s", "es", "n", "en", "e", "er", "ens", "ns")
# How frequent a word must be, on wordfreq's Zipf scale (log10 of occurrences per
# billion words), to count as a part, by its length. The rarer short strings of a
# web word list are mostly abbreviations, names and English ("une", "sche", "ting");
# the German words that build compounds are common ("Rat" 4.7, "Park" 4.7).
MIN_PART_ZIPF_BY_LENGTH = {3: 4.2, 4: 3.3, 5: 2.8}
MIN_PART_ZIPF = 2.0
# Words more frequent than this are function words or carry too little meaning to
# be searched for ("gut" in "Gutachten", "immer", "jetzt").
MAX_PART_ZIPF = 6.0
# A word the list knows is split only when its parts are clearly more frequent than
# it (mean Zipf of the parts above its own by this much): "Parkplatz" splits,
# "Plattform" (platt + Form) and "Bürgermeister" stay whole.
SPLIT_MARGIN = 0.3
# A part that the list does not know but that splits itself (Onlinezugang in
# Onlinezugangsgesetz) counts as this much rarer than its parts.
UNKNOWN_PART_PENALTY = 1.0

# The word lists: verb particles, function words, suffixes of derivation.
_WORD_LISTS = {
    name: frozenset(text.split())
    for name, text in yaml.safe_load(
        (Path(__file__).parent / "german_words.yaml").read_text(encoding="utf-8")
    ).items()
}
# Never a part of a compound, anywhere in it.
_NOT_A_PART = (
    _WORD_LISTS["function_words"]
    | _WORD_LISTS["verb_particles"]
    | {particle + "ge" for particle in _WORD_LISTS["verb_particles"]}
    | {particle + "zu" for particle in _WORD_LISTS["verb_particles"]}
)
# Never the last part of a compound, inflected or not.
_NOT_A_HEAD = frozenset(
    suffix + ending
    for suffix in _WORD_LISTS["suffixes"]
    for ending in ("", "e", "en", "n", "er", "es", "em", "s", "nen")
)
# A present participle ("fehlende", "stellenden") is a verb + -end-, not a
# compound with Ende or Lenden.
_PARTICIPLE = re.compile(r"(.{3,})end(?:e|en|er|es|em)?")

_FOLD_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})

_lexicon_lock = threading.Lock()
_zipf_by_word: dict[str, float] | None = None


def _lexicon() -> dict[str, float]:
    """
    wordfreq's large German list as {word: Zipf frequency}, ä/ö/ü written ae/oe/ue
    so that "Buerger" is found as "Bürger". Loaded on first use, not at import:
    the list costs a second and tens of megabytes, which a process that never
    analyses text should not pay; the lock keeps two threads from loading it twice.
    The raw list is read with `read_cBpack` rather than `get_frequency_list`, which
    would keep a second copy in wordfreq's own cache for the life of the process.
    """
    global _zipf_by_word
    if _zipf_by_word is None:
        with _lexicon_lock:
            if _zipf_by_word is None:
                _zipf_by_word = _load_lexicon()
    return _zipf_by_word


def _load_lexicon() -> dict[str, float]:
    """
    The words of the list that can be parts (letters only, three or more, at
    least MIN_PART_ZIPF): a quarter of the list, a quarter of the memory. A
    rarer word is only ever weighed as a whole against its parts, and loses.
    """
    bands = read_cBpack(available_languages("large")["de"])
    zipf_by_word: dict[str, float] = {}
    # Band i holds the words that occur 10 ** (-i / 100) times per word, i.e. at
    # Zipf 9 - i / 100; the bands run from the most to the least frequent, so the
    # first spelling seen of a folded word is its most frequent.
    for index, band in enumerate(bands):
        zipf = round(9 - index / 100, 2)
        if zipf < MIN_PART_ZIPF:
            break
        for word in band:
            if len(word) >= MIN_PART_LENGTH and word.isalpha():
                zipf_by_word.setdefault(_key(word), zipf)
    return zipf_by_word


def _key(text: str) -> str:
    """`text` as the word list is looked up: ä/ö/ü as ae/oe/ue."""
    return text if text.isascii() else text.translate(_FOLD_UMLAUTS)


def _zipf(text: str) -> float:
    """The Zipf frequency of `text` (case folded), 0 for a word the list does not know."""
    return _lexicon().get(_key(text), 0.0)


def _is_part(text: str) -> bool:
    """Whether `text` is a word that may be a part of a compound."""
    key = _key(text)
    if len(key) < MIN_PART_LENGTH or key in _NOT_A_PART:
        return False
    least = MIN_PART_ZIPF_BY_LENGTH.get(len(key), MIN_PART_ZIPF)
    return least <= _lexicon().get(key, 0.0) <= MAX_PART_ZIPF


def _is_suffix(text: str) -> bool:
    """Whether `text` is a suffix of derivation, inflected or not ("ische", "innen")."""
    return _key(text) in _NOT_A_HEAD


@dataclass(frozen=True)
class _Part:
    """A candidate part of a compound: as written, its score, whether the list knows it."""

    text: str
    score: float
    known: bool


@dataclass(frozen=True)
class _Cut:
    """The best cut of a word into a modifier and a head, and how plausible it is."""

    modifier: str
    head: str
    # Mean Zipf frequency of the two parts (an unknown part: its own cut's, penalised).
    score: float


def _known_head(text: str) -> _Part | None:
    """`text` as the last part of a compound, if it is a known word."""
    if _is_suffix(text) or not _is_part(text):
        return None
    return _Part(text=text, score=_zipf(text), known=True)


def _known_modifier(text: str) -> _Part | None:
    """
    `text` as a part before the last, if it is a known word: as written or with
    the final e the compound dropped ("Schul-hof" from Schule, "Prüf-stelle"
    from prüfe). The part is named by the word found, which has the same stem.
    """
    if _key(text) in _NOT_A_PART or _zipf(text) > MAX_PART_ZIPF:
        return None
    for word in (text, text + "e"):
        if _is_part(word):
            return _Part(text=word, score=_zipf(word), known=True)
    return None


def _unknown_part(text: str) -> _Part | None:
    """`text` as a word the list does not know but that is itself a compound."""
    cut = _best_cut(text)
    if cut is None:
        return None
    return _Part(text=text, score=cut.score - UNKNOWN_PART_PENALTY, known=False)


def _cut_bounds(text: str) -> tuple[int, int]:
    """
    Where the modifier of `text` may end at the earliest and the head begin at
    the latest. Not inside a particle or preposition it begins with
    ("weit|ergeht", "unt|erlagen"), and not so late that the head would be only
    an ending: the -end- of a present participle ("fehl|ende", "stel|lenden") or
    the -in/-innen of a feminine noun ("Besuche|rinnen").
    """
    first_end = MIN_PART_LENGTH
    for length in range(len(text) - MIN_PART_LENGTH, MIN_PART_LENGTH, -1):
        if _key(text[:length]) in _NOT_A_PART:
            first_end = length
            break
    last_start = len(text) - MIN_PART_LENGTH
    if (participle := _PARTICIPLE.fullmatch(text)) is not None:
        verb_end = participle.end(1)
        for verb_start in range(verb_end - MIN_PART_LENGTH, -1, -1):
            if _is_part(text[verb_start:verb_end] + "en"):
                last_start = verb_start
                break
    for suffix in ("innen", "in"):
        base = text[: -len(suffix)]
        if text.endswith(suffix) and (base.endswith("er") or _is_part(base)):
            last_start = min(last_start, len(base) - MIN_PART_LENGTH)
            break
    return first_end, last_start


@lru_cache(maxsize=200_000)
def _best_cut(text: str) -> _Cut | None:
    """
    The most plausible cut of `text` into two parts with an optional linking
    element between them, or None. Cuts into two known words win over cuts that
    need a part split further; at least one part of a cut must be a known word,
    which keeps the search short on long nonsense.
    """
    first_end, last_start = _cut_bounds(text)
    best: tuple[int, float, _Cut] | None = None
    for end in range(first_end, last_start + 1):
        for link in LINKING_ELEMENTS:
            start = end + len(link)
            if start > last_start or not text.startswith(link, end):
                continue
            # "weiter-geht" is no weit-er-geht, "Besuch-erinnen" no Besuch-e-rinnen.
            if _key(text[:start]) in _NOT_A_PART or _is_suffix(text[end:]):
                continue
            modifier = _known_modifier(text[:end])
            head = _known_head(text[start:])
            if modifier is None and head is None:
                continue
            if modifier is None:
                modifier = _unknown_part(text[:end])
            elif head is None:
                head = _unknown_part(text[start:])
            if modifier is None or head is None:
                continue
            rank = (modifier.known + head.known, (modifier.score + head.score) / 2)
            if best is None or rank > best[:2]:
                best = (*rank, _Cut(modifier=modifier.text, head=head.text, score=rank[1]))
    return None if best is None else best[2]


def _split(text: str) -> tuple[str, str] | None:
    """Modifier and head of `text` if it is a compound, else None."""
    cut = _best_cut(text)
    if cut is None:
        return None
    whole = _zipf(text)
    if whole and cut.score < whole + SPLIT_MARGIN:
        return None
    return cut.modifier, cut.head


@dataclass(frozen=True)
class Compound:
    """A word and, if it is a compound, its parts, each a `Compound` in turn."""

    text: str
    parts: tuple["Compound", ...] = ()

    def nodes(self) -> list[str]:
        """Every part below this word, breadth first: the top-level parts first."""
        nodes: list[str] = []
        level = list(self.parts)
        while level:
            nodes.extend(part.text for part in level)
            level = [child for part in level for child in part.parts]
        return nodes

    def leaves(self) -> list[str]:
        """The smallest parts, left to right; the word itself if it is not split."""
        if not self.parts:
            return [self.text]
        return [leaf for part in self.parts for leaf in part.leaves()]


def _compound(text: str) -> Compound:
    """`text` (case folded letters) with its split, recursively."""
    split = _split(text)
    if split is None:
        return Compound(text=text)
    return Compound(text=text, parts=tuple(_compound(part) for part in split))


def _piece(piece: str) -> Compound:
    """
    One piece of a word between hyphens. Pieces with digits ("5G") or with
    capitals inside ("LoRaWAN", "OZG", "PostgreSQL": acronyms and names) are
    taken as written.
    """
    text = piece.casefold()
    if not text.isalpha() or any(letter.isupper() for letter in piece[1:]):
        return Compound(text=text)
    return _compound(text)


def compound_tree(word: str) -> Compound:
    """
    The split of `word` into its parts: "Parkraumsensoren" → parkraum (park,
    raum) + sensoren. Hyphens are splits the writer made ("Smart-City-Projekt");
    single letters between hyphens ("E-Mobilität") are no parts. A word that is
    not a compound, or longer than MAX_SPLIT_LENGTH, has no parts.
    """
    word = unicodedata.normalize("NFKC", word)
    if len(word) > MAX_SPLIT_LENGTH:
        return Compound(text=word.casefold())
    pieces = [piece for piece in HYPHENS.split(word) if len(piece) > 1]
    if len(pieces) == 1 and len(HYPHENS.split(word)) == 1:
        return _piece(word)
    return Compound(text=normalise(word), parts=tuple(_piece(piece) for piece in pieces))


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """
    The stems of the parts of a compound: every node of its split below the
    whole word, e.g. "Parkraumsensoren" → ("parkraum", "sensor", "park", "raum").
    Empty for a word that is not a compound. A query for a part finds the
    compound because the part's stem here is the stem `stem()` gives the part
    typed on its own.
    """
    whole = stem(word)
    parts: list[str] = []
    for node in compound_tree(word).nodes():
        part = stem(node)
        if part != whole and part not in parts:
            parts.append(part)
    return tuple(parts)


@lru_cache(maxsize=200_000)
def analyse_word(word: str) -> AnalysedWord:
    """One word, analysed (frozen, so shared by every text it occurs in)."""
    return AnalysedWord(surface=word, stem=stem(word), parts=compound_parts(word))


def analyse(text: str) -> list[AnalysedWord]:
    """Every word of `text`, analysed, in order."""
    return [analyse_word(word) for word in words(text)]


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

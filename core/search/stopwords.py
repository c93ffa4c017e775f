"""
Function words a clerk types without meaning them as a condition ("Parken in
Lübeck", "parking in the old town"): a query searches for them only when it
has nothing else, and a title's phrase key leaves them out. Per language, as
the analysis stems them (`core.search.analysis.stem_in`); a language without
a list has no function words.
"""

from .analysis import SOURCE_LANGUAGE, stem, stem_in

WORDS = (
    "der die das den dem des ein eine einer eines einem einen und oder aber in im "
    "am an auf aus bei mit nach von vom zu zum zur für fuer über ueber unter um "
    "durch gegen ohne als wie ist sind war wird werden wurde wurden hat haben "
    "auch nicht nur noch so es sie er wir ihr ich man sich wer was wo "
    "the a an and or of for to in on at by with from is are"
)

ENGLISH_WORDS = (
    "the a an and or but of for to in into on at by with from about as is are was were "
    "be been being has have had do does did not no it its this that these those "
    "we you they he she i our your their who what which where when how"
)

# German also leaves out the English words above: English terms in German
# text ("Open Data for the city") are as meaningless there.
STOPWORDS = frozenset(stem(word) for word in WORDS.split())

STOPWORDS_BY_LANGUAGE = {
    SOURCE_LANGUAGE: STOPWORDS,
    "en": frozenset(stem_in(word, "en") for word in ENGLISH_WORDS.split()),
}


def stopwords_of(language: str) -> frozenset[str]:
    """The stems of the function words of `language`; none for a language without a list."""
    return STOPWORDS_BY_LANGUAGE.get(language, frozenset())

"""
Function words a clerk types without meaning them as a condition ("Parken in
Lübeck"): a query searches for them only when it has nothing else, and a
title's phrase key leaves them out.
"""

from .analysis import stem

WORDS = (
    "der die das den dem des ein eine einer eines einem einen und oder aber in im "
    "am an auf aus bei mit nach von vom zu zum zur für fuer über ueber unter um "
    "durch gegen ohne als wie ist sind war wird werden wurde wurden hat haben "
    "auch nicht nur noch so es sie er wir ihr ich man sich wer was wo "
    "the a an and or of for to in on at by with from is are"
)

STOPWORDS = frozenset(stem(word) for word in WORDS.split())

"""
Search that understands German, and every other content language as far as
a Snowball stemmer does, the same on every database: the analysis of text
into terms in the language it is written in (`analysis`), the index those
terms are stored in and the Wagtail search backend that reads it
(`backend`), and the synonyms the alliance maintains (`synonyms`).
"""

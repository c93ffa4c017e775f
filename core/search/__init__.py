"""
Search that understands German, the same on every database: the analysis of
text into terms (`analysis`), the index those terms are stored in and the
Wagtail search backend that reads it (`backend`), and the synonyms the alliance
maintains (`synonyms`).
"""

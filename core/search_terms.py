"""
What a reader typed into a search box, made safe to search for. Shared by the
search page (discovery.search.query) and the read API's ?search=
(registry.api), which sit in different layers above this one.
"""

import unicodedata


def search_term_cleaned(text: str) -> str:
    """
    The search term with control characters, lone surrogates and the
    replacement character (what invalid UTF-8 decodes to) as spaces,
    whitespace collapsed. They reach us from pasted text and broken links,
    never meant as part of a word; the database refuses NUL, and the rest of
    the term is still worth searching for.
    """
    return " ".join("".join(" " if is_noise(char) else char for char in text).split())


def is_noise(char: str) -> bool:
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cs")

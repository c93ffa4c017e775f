"""
The one order of tags that readers see: by name, case-insensitive, umlauts
beside their base letter ("Ärger" between "Apfel" and "Bahn"), as a German
index sorts. The database returns tags in whatever order it stored them, so
a restored database would render pages differently; every output sorts here,
in Python, on tags a listing already prefetched, so no query is added.
"""

import unicodedata


def tag_name_key(name: str) -> tuple[str, str]:
    """Letters without their accents, case-folded; the name itself breaks ties."""
    base = "".join(
        char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
    )
    return base.casefold(), name


def tags_in_order(tags) -> list:
    """Tag objects (a manager, queryset or list) in reading order."""
    if hasattr(tags, "all"):
        tags = tags.all()
    return sorted(tags, key=lambda tag: tag_name_key(tag.name))


def tag_names_in_order(tags) -> list[str]:
    return [tag.name for tag in tags_in_order(tags)]
